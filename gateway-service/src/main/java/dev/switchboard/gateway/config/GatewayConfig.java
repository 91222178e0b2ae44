package dev.switchboard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway behaves. What providers and models exist, and their prices, is the catalog's business. */
@ConfigMapping(prefix = "switchboard.gateway")
public interface GatewayConfig {

    /** Largest request body accepted; larger bodies get 413. */
    @WithDefault("10485760")
    long maxBodyBytes();

    /** Output tokens reserved when neither the request nor the endpoint names a maximum. */
    @WithDefault("4096")
    int defaultMaxOutputTokens();

    Upstream upstream();

    Credit credit();

    Metering metering();

    /** Interval of {@code : OPENROUTER PROCESSING} comments while a stream waits for its first token. */
    @WithDefault("1s")
    Duration processingCommentInterval();

    interface Upstream {
        /** TCP connect timeout to a provider. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time allowed until the provider's first byte; past it the request fails with 408. */
        @WithDefault("120s")
        Duration firstByteTimeout();

        /** Longest silence tolerated inside a streamed response. */
        @WithDefault("120s")
        Duration idleTimeout();

        /** Keep-alive connections per provider host. */
        @WithDefault("512")
        int maxConnections();
    }

    interface Credit {
        /** Smallest slice of an organization's credit a replica leases at once, in nano-USD ($0.10). */
        @WithDefault("100000000")
        long minLeaseNanos();

        /** Largest slice, in nano-USD ($25). */
        @WithDefault("25000000000")
        long maxLeaseNanos();

        /** A lease not renewed for this long is reclaimed by any replica (its holder died). */
        @WithDefault("60s")
        Duration leaseTtl();

        /** An idle lease (no reservation for this long) is handed back to the organization. */
        @WithDefault("10s")
        Duration idleReturn();
    }

    interface Metering {
        /** Longest wait before a batch of settled usage is written. */
        @WithDefault("5ms")
        Duration flushInterval();

        /** Most generations per batch transaction. */
        @WithDefault("500")
        int batchSize();
    }
}
