package dev.switchboard.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * billing-service's settings ({@code switchboard.billing.*}); Stripe's are {@link StripeConfig}. Two mappings, not one
 * under {@code switchboard}: a mapping refuses unknown keys under its prefix, and {@code switchboard.*} also holds
 * keys that are not billing's (the test resources' {@code switchboard.test.*}, for one).
 */
@ConfigMapping(prefix = "switchboard.billing")
public interface BillingConfig {

    /** Where Stripe sends the buyer back: the dashboard ({@code web}); {@code /credits} pages live under it. */
    @WithDefault("http://localhost:8081")
    String dashboardUrl();

    Purchases purchases();

    AutoTopUp autoTopup();

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
}
