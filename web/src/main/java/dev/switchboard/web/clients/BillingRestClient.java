package dev.switchboard.web.clients;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** billing-service's REST API (docs/api-billing.md, docs/api-reports.md), as the signed-in user. */
@RegisterRestClient(configKey = "billing")
@RegisterClientHeaders(BearerTokenForwarder.class)
@RegisterProvider(ServiceErrors.class)
interface BillingRestClient {

    @GET
    @Path("/organizations/{org}/balance")
    BillingClient.Balance balance(@PathParam("org") UUID organizationId);
}
