package dev.switchboard.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** billing-service's settings ({@code switchboard.billing.*} and {@code switchboard.stripe.*}). */
@ConfigMapping(prefix = "switchboard")
public interface BillingConfig {

    Billing billing();

    Stripe stripe();

    interface Billing {
        /** Where Stripe sends the buyer back: the dashboard ({@code web}); {@code /credits} pages live under it. */
        @WithDefault("http://localhost:8081")
        String dashboardUrl();

        Purchases purchases();

        AutoTopUp autoTopup();
    }

    interface AutoTopUp {
        /**
         * How often every organization is checked for a balance below its auto top-up threshold, and claims left
         * behind (a billing-service that stopped mid-charge) are settled. The database's NOTIFY usually comes first;
         * this is the safety net.
         */
        @WithDefault("60s")
        Duration sweepInterval();

        /** A top-up claimed longer ago than this, and still unsettled, is recovered by the sweep. */
        @WithDefault("2m")
        Duration staleClaim();
    }

    interface Purchases {
        /** Smallest top-up in USD. */
        @WithDefault("5")
        BigDecimal minimumUsd();

        /** Largest top-up in USD. */
        @WithDefault("10000")
        BigDecimal maximumUsd();

        /** The purchase fee in percent of the credit, charged on top. */
        @WithDefault("5.5")
        BigDecimal feePercent();

        /** The purchase fee's floor in USD. */
        @WithDefault("0.80")
        BigDecimal minimumFeeUsd();
    }

    interface Stripe {
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
}
