package dev.switchboard.billing.webhooks;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Stripe's webhook endpoint. No bearer token (authentication is not proactive, so none is asked for): the
 * {@code Stripe-Signature} header, checked against the endpoint's signing secret, is the credential. The body is taken
 * as the raw text Stripe signed, before any JSON parsing.
 */
@Path("/stripe/webhook")
@PermitAll
public class StripeWebhookResource {

    /** The answer Stripe gets (it only looks at the 2xx). */
    public record Received(boolean received, String eventId, boolean duplicate) {
    }

    @Inject
    StripeWebhookService service;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Received receive(String body, @HeaderParam("Stripe-Signature") String signature) {
        return service.receive(body, signature);
    }
}
