package dev.switchboard.web.clients;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
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

    // --- compare ---
    // Null dates are left out of the query (billing then takes its default); each target is one target=… parameter.

    @GET
    @Path("/organizations/{org}/reports/compare")
    @Produces(MediaType.APPLICATION_JSON)
    BillingClient.CompareReport compare(@PathParam("org") UUID organizationId, @QueryParam("from") String from,
                                        @QueryParam("to") String to, @QueryParam("target") List<String> targets);

    /** The same report in {@code format} ({@code csv} or {@code json}), as billing writes it, for a download. */
    @GET
    @Path("/organizations/{org}/reports/compare")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    String compareText(@PathParam("org") UUID organizationId, @QueryParam("from") String from, @QueryParam("to") String to,
                       @QueryParam("target") List<String> targets, @QueryParam("format") String format);
}
