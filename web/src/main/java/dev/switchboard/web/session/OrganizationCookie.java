package dev.switchboard.web.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import java.util.UUID;

/** The organization a person chose in the switcher: a plain id; accounts checks the membership on every request. */
final class OrganizationCookie {

    static final String NAME = "sb_org";

    private OrganizationCookie() {
    }

    static UUID read(Cookie cookie) {
        if (cookie == null) {
            return null;
        }
        try {
            return UUID.fromString(cookie.getValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Cookie of(UUID organizationId) {
        return Cookie.cookie(NAME, organizationId.toString()).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.LAX).setMaxAge(400L * 24 * 3600);
    }

    static Cookie clear() {
        return Cookie.cookie(NAME, "").setPath("/").setMaxAge(0);
    }
}
