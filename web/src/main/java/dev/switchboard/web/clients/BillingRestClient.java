package dev.switchboard.web.clients;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
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

    // --- activity ---
    /** docs/api-reports.md; absent (null) parameters are left out of the query. */
    @GET
    @Path("/organizations/{org}/reports/spend")
    @Produces(MediaType.APPLICATION_JSON)
    BillingClient.SpendReport spendReport(@PathParam("org") UUID organizationId, @QueryParam("from") String from,
                                          @QueryParam("to") String to, @QueryParam("start") String start,
                                          @QueryParam("end") String end, @QueryParam("group_by") String groupBy,
                                          @QueryParam("then_by") String thenBy, @QueryParam("api_key_id") String apiKeyId,
                                          @QueryParam("member_user_id") String memberUserId);
}
