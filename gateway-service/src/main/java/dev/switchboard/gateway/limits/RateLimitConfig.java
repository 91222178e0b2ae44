package dev.switchboard.gateway.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Rate limits of inference requests (docs/architecture.md, "Rate limits"). Each limit is per minute; an unset one
 * does not apply. A key's own settings ({@code api_keys.rate_limit_rpm/_tpm}) replace the key defaults for it; the
 * organization's limits apply on top of every key's.
 */
@ConfigMapping(prefix = "switchboard.gateway.rate-limits")
public interface RateLimitConfig {

    /** Requests per minute of a key without its own setting. */
    OptionalInt keyRequestsPerMinute();

    /** Tokens (prompt + completion) per minute of a key without its own setting. */
    OptionalLong keyTokensPerMinute();

    /** Requests per minute of an organization, all its keys together. */
    OptionalInt organizationRequestsPerMinute();

    /** Tokens per minute of an organization, all its keys together. */
    OptionalLong organizationTokensPerMinute();

    /**
     * Count across replicas in Redis ({@code quarkus.redis.hosts}); off: each replica counts alone, which is exact
     * for one replica only.
     */
    @WithDefault("false")
    boolean redis();

    /** Prefix of the Redis keys ({@code <prefix>:{<organization>}:…}). */
    @WithDefault("sb:rl")
    String redisKeyPrefix();

    /**
     * Longest wait for Redis on a request's path; past it the request is decided by this replica alone (three such
     * in a row: Redis counts as away until it answers again). Redis answers in well under a millisecond; this
     * bounds what a hung one costs a request.
     */
    @WithDefault("250ms")
    Duration redisTimeout();

    /** While Redis is away, how often it is tried again. */
    @WithDefault("1s")
    Duration redisRetryInterval();
}
