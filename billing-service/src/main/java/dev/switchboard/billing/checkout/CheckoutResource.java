package dev.switchboard.billing.checkout;

import dev.switchboard.billing.tenancy.Tenancy;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** Buying credit with Stripe Checkout; see docs/api-billing.md. */
@Path("/organizations/{org}/checkout")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CheckoutResource {

    @Inject
    CheckoutService service;

    /** The price of {@code amount} USD of credit (any member). */
    @GET
    @Path("/quote")
    public QuoteView quote(@PathParam("org") String org, @QueryParam("amount") String amount) {
        return service.quote(Tenancy.pathId(org), amount);
    }

    /** Starts a purchase (owner or admin): a pending payment and a Checkout Session to send the buyer to. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response checkout(@PathParam("org") String org, CheckoutRequest request) {
        UUID organizationId = Tenancy.pathId(org);
        CheckoutView started = service.start(organizationId, request);
        return Response.created(URI.create("/organizations/" + organizationId + "/payments/" + started.paymentId()))
                .entity(started).build();
    }
}
