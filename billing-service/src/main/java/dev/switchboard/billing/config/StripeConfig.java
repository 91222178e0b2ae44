package dev.switchboard.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** billing-service's Stripe settings ({@code switchboard.stripe.*}). */
@ConfigMapping(prefix = "switchboard.stripe")
public interface StripeConfig {

    /**
     * Stripe's API base: empty in production (stripe-java's default, https://api.stripe.com); the testkit's
     * Stripe fake in tests and on the local platform.
     */
    Optional<String> apiBase();

    /**
     * The secret API key (sk_live_… / sk_test_…). Never logged. Without it (a self-hosted gateway that does not
     * sell credit) purchases answer 503 saying so, and the rest of billing works.
     */
    Optional<String> secretKey();

    /** The webhook endpoint's signing secret (whsec_…). Never logged. Without it every webhook is refused. */
    Optional<String> webhookSecret();

    /** How old a webhook's signed timestamp may be (Stripe's recommendation: 5 minutes). */
    @WithDefault("5m")
    Duration webhookTolerance();

    /** Connect and read timeout of each call to Stripe. */
    @WithDefault("30s")
    Duration timeout();

    /**
     * How often stripe-java retries a call that failed on the network or with a 409/5xx. Every call that moves
     * money carries an idempotency key, so a retry never charges twice.
     */
    @WithDefault("2")
    int maxNetworkRetries();
}
