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

    /** accounts-service, where the public key API ({@code /api/v1/keys}) is forwarded. */
    @WithDefault("http://127.0.0.1:8082")
    String accountsUrl();

    /** billing-service, where the public activity API ({@code /api/v1/activity}) is forwarded. */
    @WithDefault("http://127.0.0.1:8083")
    String billingUrl();

    /** Output tokens reserved when neither the request nor the endpoint names a maximum. */
    @WithDefault("4096")
    int defaultMaxOutputTokens();

    Upstream upstream();

    Routing routing();

    Auth auth();

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

    interface Routing {
        /**
         * Longest time a request may spend trying endpoints before its first output: each attempt gets the first-byte
         * timeout or what is left of this, whichever is shorter, and a Retry-After is only waited for within it.
         */
        @WithDefault("180s")
        Duration deadline();
    }

    interface Auth {
        /** Most keys held in the in-memory key cache (least recently used go first). */
        @WithDefault("100000")
        int cacheSize();

        /**
         * Database lookups per second allowed for keys the known-key filter has never seen (a key created a
         * moment ago whose notification is still on its way); the rest of a flood of made-up keys is refused
         * without touching the database.
         */
        @WithDefault("20")
        int unknownKeyLookupsPerSecond();

        /** Size of the known-key filter: 2^n bits (24 = 2 MiB, a false positive in ~400 at a million keys). */
        @WithDefault("24")
        int knownKeyFilterLog2Bits();
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

        /**
         * Most generations held in memory unwritten (the database is slow or away); past it new requests get
         * 503 with Retry-After instead of piling up more unbilled usage. Gauge: switchboard.metering.queue.
         */
        @WithDefault("100000")
        int maxQueued();

        Journal journal();
    }

    /**
     * The local journal of settled generations not yet committed (metering/UsageJournal): what a process killed
     * with SIGKILL had not written is written by the next process on the same directory.
     */
    interface Journal {
        /** Off only where a lost batch window is acceptable (tests); production keeps it on. */
        @WithDefault("true")
        boolean enabled();

        /**
         * One directory per replica, on storage that outlives the process (a Kubernetes emptyDir survives a
         * container restart; a persistent volume, the pod).
         */
        @WithDefault("metering-journal")
        java.nio.file.Path directory();

        /** A segment is rolled at this size and deleted once all of it is committed. */
        @WithDefault("8M")
        io.quarkus.runtime.configuration.MemorySize segmentSize();
    }
}
