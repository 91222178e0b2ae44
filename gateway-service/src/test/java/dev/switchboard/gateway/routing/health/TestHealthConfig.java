package dev.switchboard.gateway.routing.health;

import java.time.Duration;

/** {@link HealthConfig} for plain tests: the production defaults, with back-off and sharing settable. */
record TestHealthConfig(int failuresInARow, double failureRate, int failureRateMinimumAttempts, Duration baseBackoff,
                        Duration maxBackoff, Duration probeTimeout, Duration persistInterval, boolean redis,
                        String redisKeyPrefix, Duration redisRefreshInterval) implements HealthConfig {

    static TestHealthConfig defaults() {
        return new TestHealthConfig(5, 0.5, 10, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(3),
                Duration.ofSeconds(60), false, "switchboard:health", Duration.ofSeconds(1));
    }

    TestHealthConfig withMaxBackoff(Duration max) {
        return new TestHealthConfig(failuresInARow, failureRate, failureRateMinimumAttempts, baseBackoff, max, probeTimeout,
                persistInterval, redis, redisKeyPrefix, redisRefreshInterval);
    }
}
