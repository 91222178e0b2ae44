package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What pressing "Pay" (or "Save card") on the hosted page did; {@link FakeStripeServer#pay(String, String)} answers
 * it.
 *
 * @param message the error the page shows (e.g. "Your card was declined."), null when completed
 * @param redirectUrl the {@code success_url} with {@code {CHECKOUT_SESSION_ID}} replaced, when completed
 * @param session the Checkout Session afterwards
 */
public record CheckoutPayment(Outcome outcome, String message, String redirectUrl, JsonNode session) {

    /** How the attempt ended. */
    public enum Outcome {
        /** The session is complete (for {@code async}: complete and still {@code unpaid}). */
        COMPLETED,
        /** The card was declined or not a card the fake knows; the session stays open. */
        DECLINED,
        /** The session was already complete or expired: nothing was charged. */
        NOT_OPEN
    }

    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }
}
