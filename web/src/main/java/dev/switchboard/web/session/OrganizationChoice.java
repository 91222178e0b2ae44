package dev.switchboard.web.session;

import dev.switchboard.web.clients.AccountsClient;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * The one place that changes which organization a person acts for (the {@value OrganizationCookie#NAME} cookie):
 * the header's switcher, and the pages that create, join, leave or delete an organization. Takes effect from the
 * next request; pages redirect after calling it.
 */
@ApplicationScoped
public class OrganizationChoice {

    @Inject
    AccountsClient accounts;

    @Inject
    RoutingContext request;

    /** Switches to {@code organizationId} once accounts confirms the person belongs to it (its 404 otherwise). */
    public void choose(UUID organizationId) {
        accounts.me(organizationId);
        remember(organizationId);
    }

    /** Switches to an organization accounts has just answered with as the person's (created or joined by them). */
    public void remember(UUID organizationId) {
        request.response().addCookie(OrganizationCookie.of(organizationId));
    }

    /** Back to the personal organization (after leaving or deleting the current one). */
    public void forget() {
        request.response().addCookie(OrganizationCookie.clear());
    }
}
