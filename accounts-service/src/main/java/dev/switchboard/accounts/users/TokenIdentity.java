package dev.switchboard.accounts.users;

import dev.switchboard.accounts.api.AccountsException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who a verified access token says the caller is: Keycloak's subject, e-mail and display name. */
public record TokenIdentity(String subject, String email, String name) {

    /** {@code users.name} holds at most 200 characters; a longer display name is cut rather than refused. */
    static final int MAX_NAME = 200;

    public static TokenIdentity from(JsonWebToken token) {
        String email = text(token.getClaim("email"));
        if (email == null) {
            // the realm's default client scopes include "email"; a token without it cannot be tied to a person
            throw AccountsException.unauthorized("The token carries no e-mail address (scope email)");
        }
        String name = text(token.getClaim("name"));
        if (name == null) {
            String joined = ((orEmpty(token.getClaim("given_name")) + " " + orEmpty(token.getClaim("family_name")))).strip();
            name = joined.isEmpty() ? null : joined;
        }
        if (name != null && name.codePointCount(0, name.length()) > MAX_NAME) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME));
        }
        return new TokenIdentity(token.getSubject(), email, name);
    }

    private static String text(Object claim) {
        String value = orEmpty(claim).strip();
        return value.isEmpty() ? null : value;
    }

    private static String orEmpty(Object claim) {
        return claim == null ? "" : claim.toString();
    }
}
