package dev.switchboard.testkit.stripe;

/**
 * A body and its {@code Stripe-Signature} header value {@code t=<timestamp>,v1=<hex HMAC-SHA256(secret, t.body)>},
 * for tests that post webhooks themselves (forged, stale or replayed ones).
 */
public record SignedPayload(String body, long timestamp, String header) {
}
