package dev.switchboard.testkit.stripe;

import java.time.Instant;

/**
 * One attempt to deliver an event to the webhook endpoint.
 *
 * @param status the endpoint's HTTP status, or 0 when there was no answer ({@code error} says why)
 * @param attempt 1 for the first automatic attempt, then 2, 3 … for the retries; redeliveries and concurrent
 *        copies count from 1 on their own
 * @param gaveUp true on the last failed automatic attempt: the schedule is spent and the event stays undelivered
 */
public record WebhookDelivery(String eventId, String eventType, Kind kind, int attempt, String url, int status,
        String error, Instant at, boolean gaveUp) {

    /** Why the delivery was sent. */
    public enum Kind {
        /** The automatic delivery after the event happened, and its retries. */
        AUTOMATIC,
        /** {@link FakeStripeServer#redeliver(String)}. */
        REDELIVERY,
        /** One of the copies of {@link FakeStripeServer#deliverConcurrently(String, int)}. */
        CONCURRENT
    }

    /** A 2xx answer, which is what Stripe counts as delivered. */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
