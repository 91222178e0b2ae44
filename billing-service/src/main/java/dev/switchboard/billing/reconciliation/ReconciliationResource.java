package dev.switchboard.billing.reconciliation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

/**
 * {@code GET /admin/reconciliation}: the {@link Reconciler}'s report, for operators only: the Keycloak realm role
 * {@code platform-admin} (Quarkus OIDC reads Keycloak's {@code realm_access.roles} as the caller's roles); everyone
 * else authenticated gets 403, no token 401.
 */
@Path("/admin/reconciliation")
public class ReconciliationResource {

    public static final String ROLE = "platform-admin";
    private static final Logger LOG = Logger.getLogger(ReconciliationResource.class);

    @Inject
    Reconciler reconciler;

    @GET
    @RolesAllowed(ROLE)
    @Produces(MediaType.APPLICATION_JSON)
    public ReconciliationReport reconcile() {
        return reconciler.reconcile(LOG::info);
    }
}
