package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Stripe Event the fake created, as delivered: {@code body} is the exact JSON text every delivery of it sends
 * (an event is a snapshot of its object when it happened, like Stripe's), {@code json} the same parsed.
 */
public record StripeEvent(String id, String type, long created, String body, JsonNode json) {

    /** {@code data.object}: the Checkout Session, PaymentIntent, Charge … the event is about. */
    public JsonNode dataObject() {
        return json.path("data").path("object");
    }
}
