package dev.switchboard.web.session;

import dev.switchboard.web.clients.AccountsClient;
import dev.switchboard.web.clients.AccountsClient.Me;
import dev.switchboard.web.clients.AccountsClient.Organization;
import dev.switchboard.web.clients.ServiceException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.UUID;

/**
 * The person behind this request and the organization they act for: accounts' {@code GET /me}, asked at most once per
 * request (templates read it as {@code cdi:currentUser}). The organization is the one the switcher stored in the
 * {@value OrganizationCookie#NAME} cookie when the person still belongs to it, else their personal organization;
 * accounts decides membership, web never does.
 */
@RequestScoped
@Named("currentUser")
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    @Inject
    AccountsClient accounts;

    @Inject
    RoutingContext request;

    private Me me;

    public boolean signedIn() {
        return !identity.isAnonymous();
    }

    public Me me() {
        if (me == null) {
            UUID chosen = OrganizationCookie.read(request.request().getCookie(OrganizationCookie.NAME));
            try {
                me = accounts.me(chosen);
            } catch (ServiceException e) {
                if (chosen == null || e.status() != 404) {
                    throw e;
                }
                // left or removed from the organization the cookie names: back to the personal one
                request.response().addCookie(OrganizationCookie.clear());
                me = accounts.me(null);
            }
        }
        return me;
    }

    public UUID userId() {
        return me().user().id();
    }

    public String email() {
        return me().user().email();
    }

    public List<Organization> organizations() {
        return me().organizations();
    }

    public Organization organization() {
        return me().currentOrganization();
    }

    public UUID organizationId() {
        return organization().id();
    }

    /** This page's path and query, for forms that come back here (the switcher). */
    public String returnTo() {
        String uri = request.request().uri();
        return LocalPath.orHome(uri);
    }

    /** Owner or admin of the current organization. */
    public boolean manager() {
        return organization().manager();
    }
}
