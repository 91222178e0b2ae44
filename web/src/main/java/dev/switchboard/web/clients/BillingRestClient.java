package dev.switchboard.web.clients;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

    // --- activity ---
    /** docs/api-reports.md; absent (null) parameters are left out of the query. */
    @GET
    @Path("/organizations/{org}/reports/spend")
    @Produces(MediaType.APPLICATION_JSON)
    BillingClient.SpendReport spendReport(@PathParam("org") UUID organizationId, @QueryParam("from") String from,
                                          @QueryParam("to") String to, @QueryParam("start") String start,
                                          @QueryParam("end") String end, @QueryParam("group_by") String groupBy,
                                          @QueryParam("then_by") String thenBy, @QueryParam("api_key_id") String apiKeyId,
                                          @QueryParam("member_user_id") String memberUserId,
                                          @QueryParam("model") String model);

    // --- credits ---

    @GET
    @Path("/organizations/{org}/checkout/quote")
    BillingClient.Quote quote(@PathParam("org") UUID organizationId, @QueryParam("amount") String amount);

    @POST
    @Path("/organizations/{org}/checkout")
    @Consumes(MediaType.APPLICATION_JSON)
    BillingClient.Checkout checkout(@PathParam("org") UUID organizationId, BillingClient.CheckoutRequest request);

    @GET
    @Path("/organizations/{org}/payments")
    BillingClient.PaymentList payments(@PathParam("org") UUID organizationId, @QueryParam("limit") int limit);

    @GET
    @Path("/organizations/{org}/transactions")
    BillingClient.TransactionPage transactions(@PathParam("org") UUID organizationId, @QueryParam("limit") int limit,
                                               @QueryParam("before") String before);

    /** The same page as CSV, answered as billing wrote it (its file name, its {@code X-Next-Cursor}). */
    @GET
    @Path("/organizations/{org}/transactions")
    Response transactionsCsv(@PathParam("org") UUID organizationId, @QueryParam("limit") int limit,
                             @QueryParam("before") String before, @QueryParam("format") String format);

    @GET
    @Path("/organizations/{org}/auto-topup")
    BillingClient.AutoTopUp autoTopUp(@PathParam("org") UUID organizationId);

    @PUT
    @Path("/organizations/{org}/auto-topup")
    @Consumes(MediaType.APPLICATION_JSON)
    BillingClient.AutoTopUp updateAutoTopUp(@PathParam("org") UUID organizationId, BillingClient.AutoTopUpSettings settings);

    @POST
    @Path("/organizations/{org}/auto-topup/card")
    BillingClient.CardSetup saveCard(@PathParam("org") UUID organizationId);
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
