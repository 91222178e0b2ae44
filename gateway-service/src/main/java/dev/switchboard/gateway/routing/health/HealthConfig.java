package dev.switchboard.gateway.routing.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * How endpoint health is measured, when an endpoint's circuit opens and how it is probed, and where health goes
 * (the {@code endpoint_health} table, Redis). See {@code docs/health.md}.
 */
@ConfigMapping(prefix = "switchboard.gateway.health")
public interface HealthConfig {

    /** Provider failures in a row (on this replica) that open an endpoint's circuit. */
    @WithDefault("5")
    int failuresInARow();

    /** Share of failed attempts in the last 30 s (all replicas when shared) that opens the circuit, 0..1. */
    @WithDefault("0.5")
    double failureRate();

    /** Attempts needed in the last 30 s before {@link #failureRate()} is judged at all. */
    @WithDefault("10")
    int failureRateMinimumAttempts();

    /** How long a circuit stays open before its first half-open probe; doubled after every failed probe. */
    @WithDefault("5s")
    Duration baseBackoff();

    /** The longest an open circuit waits for its next probe, however many probes failed. */
    @WithDefault("5m")
    Duration maxBackoff();

    /**
     * A half-open probe not reported within this time is taken as abandoned (its request hung or its permit was
     * lost), so the next request may probe; at least the longest a provider attempt may take.
     */
    @WithDefault("3m")
    Duration probeTimeout();

    /** How often this replica adds its completed minutes to {@code endpoint_health} (and re-reads uptime from it). */
    @WithDefault("60s")
    Duration persistInterval();

    /**
     * Share health with the other replicas through Redis ({@code quarkus.redis.hosts}): counts, latencies, open
     * circuits and the half-open probe claim. Off: each replica judges from its own attempts.
     */
    @WithDefault("false")
    boolean redis();

    /** Prefix of every Redis key health writes, so several gateways (or tests) can share one Redis. */
    @WithName("redis-key-prefix")
    @WithDefault("switchboard:health")
    String redisKeyPrefix();

    /** How often each replica sends its counts to Redis and reads the merged view back. */
    @WithName("redis-refresh-interval")
    @WithDefault("1s")
    Duration redisRefreshInterval();
}
