package dev.switchboard.gateway.routing.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.routing.health.EndpointHealth.Availability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker through {@link EndpointHealth}: opens, stays open, probes once, doubles its back-off, closes. */
class CircuitBreakerTest {

    private static final UUID ENDPOINT = UUID.randomUUID();

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private HealthTracker health = tracker(TestHealthConfig.defaults());

    private HealthTracker tracker(HealthConfig config) {
        return new HealthTracker(config, meters, now::get, id -> new EndpointState.Name("acme", "acme/model"));
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            Permit permit = health.tryAcquire(ENDPOINT);
            assertThat(permit).as("attempt %d is let through", i + 1).isNotNull();
            permit.failed(Failures.OVERLOADED);
        }
    }

    private void advance(long millis) {
        now.addAndGet(millis);
    }

    private double circuitGauge() {
        return meters.get("switchboard.health.circuit").tag("provider", "acme").tag("model", "acme/model").gauge().value();
    }

    @Test
    void opens_after_five_failures_in_a_row_and_says_why_and_when() {
        fail(4);
        assertThat(health.availability(ENDPOINT)).isEqualTo(Availability.AVAILABLE);

        fail(1);

        Availability availability = health.availability(ENDPOINT);
        assertThat(availability.available()).isFalse();
        assertThat(availability.reason()).isEqualTo(
                "circuit open after 5 failures in a row (last: overloaded, HTTP 503); next probe in 5 s");
        assertThat(availability.retryAfterSeconds()).isEqualTo(5);
        assertThat(health.tryAcquire(ENDPOINT)).isNull();
        assertThat(circuitGauge()).isEqualTo(1.0);
        assertThat(meters.get("switchboard.health.attempts").tag("outcome", "failure").counter().count()).isEqualTo(5.0);
    }

    @Test
    void a_success_in_between_resets_the_streak() {
        fail(4);
        health.tryAcquire(ENDPOINT).succeeded(100, 0, 10);
        fail(4);

        assertThat(health.availability(ENDPOINT).available()).isTrue();
    }

    @Test
    void stays_open_for_the_back_off_then_lets_exactly_one_probe_through() {
        fail(5);
        advance(4_999);
        assertThat(health.tryAcquire(ENDPOINT)).as("still backing off").isNull();
        assertThat(health.availability(ENDPOINT).retryAfterSeconds()).isEqualTo(1);

        advance(1);
        assertThat(health.availability(ENDPOINT)).as("a probe is due").isEqualTo(Availability.AVAILABLE);
        Permit probe = health.tryAcquire(ENDPOINT);

        assertThat(probe).isNotNull();
        assertThat(health.tryAcquire(ENDPOINT)).as("one probe at a time").isNull();
        Availability meanwhile = health.availability(ENDPOINT);
        assertThat(meanwhile.available()).isFalse();
        assertThat(meanwhile.reason()).endsWith("its probe is in flight");
        assertThat(circuitGauge()).isEqualTo(2.0);
    }

    @Test
    void a_successful_probe_closes_the_circuit_and_resets_the_back_off() {
        fail(5);
        advance(5_000);
        Permit probe = health.tryAcquire(ENDPOINT);
        probe.succeeded(300, 0, 20);

        assertThat(health.availability(ENDPOINT)).isEqualTo(Availability.AVAILABLE);
        assertThat(health.tryAcquire(ENDPOINT)).isNotNull();
        assertThat(circuitGauge()).isZero();
        fail(5);
        assertThat(health.availability(ENDPOINT).retryAfterSeconds()).as("back to the base back-off").isEqualTo(5);
    }

    @Test
    void a_failed_probe_doubles_the_back_off_up_to_the_maximum() {
        health = tracker(TestHealthConfig.defaults().withMaxBackoff(Duration.ofSeconds(15)));
        fail(5);
        long[] expected = {10_000, 15_000, 15_000};
        long wait = 5_000;
        for (long backoff : expected) {
            advance(wait);
            Permit probe = health.tryAcquire(ENDPOINT);
            assertThat(probe).as("probe after %d ms", wait).isNotNull();
            probe.failed(Failures.OVERLOADED);
            Availability availability = health.availability(ENDPOINT);
            assertThat(availability.reason()).startsWith("circuit open after the half-open probe failed (overloaded, HTTP 503)");
            assertThat(availability.retryAfterSeconds()).isEqualTo(backoff / 1000);
            advance(backoff - 1);
            assertThat(health.tryAcquire(ENDPOINT)).isNull();
            wait = 1;
        }
        advance(1);
        assertThat(health.tryAcquire(ENDPOINT)).as("even at the maximum, a probe is let through: never out for good").isNotNull();
    }

    @Test
    void an_abandoned_probe_frees_the_slot_without_changing_the_back_off() {
        fail(5);
        advance(5_000);
        health.tryAcquire(ENDPOINT).abandoned();

        Permit again = health.tryAcquire(ENDPOINT);
        assertThat(again).as("the next request probes at once").isNotNull();
        again.failed(Failures.RATE_LIMITED);
        assertThat(health.availability(ENDPOINT).retryAfterSeconds()).as("doubled from 5 s, not from 10 s").isEqualTo(10);
        assertThat(health.availability(ENDPOINT).reason()).contains("rate_limited, HTTP 429");
    }

    @Test
    void a_probe_never_reported_is_given_up_after_the_probe_timeout() {
        fail(5);
        advance(5_000);
        Permit lost = health.tryAcquire(ENDPOINT);
        assertThat(lost).isNotNull();
        advance(Duration.ofMinutes(3).toMillis() - 1);
        assertThat(health.tryAcquire(ENDPOINT)).isNull();

        advance(1);
        Permit fresh = health.tryAcquire(ENDPOINT);
        assertThat(fresh).isNotNull();
        lost.succeeded(100, 0, 1);
        assertThat(health.availability(ENDPOINT).available()).as("the lost probe's late report decides nothing").isFalse();
        fresh.succeeded(100, 0, 1);
        assertThat(health.availability(ENDPOINT).available()).isTrue();
    }

    @Test
    void invalid_requests_and_filtered_content_count_as_neither_success_nor_failure() {
        for (int i = 0; i < 10; i++) {
            health.tryAcquire(ENDPOINT).failed(i % 2 == 0 ? Failures.INVALID : Failures.FILTERED);
        }

        assertThat(health.availability(ENDPOINT)).isEqualTo(Availability.AVAILABLE);
        assertThat(health.stats(ENDPOINT).requests5m()).isZero();
        assertThat(meters.get("switchboard.health.attempts").tag("outcome", "ignored").counter().count()).isEqualTo(10.0);
        fail(4);
        health.tryAcquire(ENDPOINT).failed(Failures.INVALID);
        assertThat(health.availability(ENDPOINT).available()).as("the streak of 4 is not lengthened").isTrue();
    }

    @Test
    void an_invalid_request_on_a_probe_frees_the_slot_without_closing() {
        fail(5);
        advance(5_000);
        health.tryAcquire(ENDPOINT).failed(Failures.INVALID);

        Permit next = health.tryAcquire(ENDPOINT);
        assertThat(next).as("the probe slot is free again").isNotNull();
        assertThat(health.tryAcquire(ENDPOINT)).as("and the circuit is still half-open").isNull();
    }

    @Test
    void half_the_attempts_failing_in_30_seconds_opens_it_without_a_streak() {
        for (int i = 0; i < 9; i++) {
            Permit permit = health.tryAcquire(ENDPOINT);
            if (i % 2 == 0) {
                permit.failed(Failures.OVERLOADED);
            } else {
                permit.succeeded(100, 0, 5);
            }
            advance(1_000);
        }
        assertThat(health.availability(ENDPOINT).available()).as("5 of 9: under the minimum of 10 attempts").isTrue();

        health.tryAcquire(ENDPOINT).succeeded(100, 0, 5);
        health.tryAcquire(ENDPOINT).failed(Failures.OVERLOADED);

        Availability availability = health.availability(ENDPOINT);
        assertThat(availability.available()).isFalse();
        assertThat(availability.reason()).startsWith("circuit open after 6 of 11 attempts failed in the last 30 s");
    }

    @Test
    void a_permit_reports_once() {
        Permit permit = health.tryAcquire(ENDPOINT);
        permit.failed(Failures.OVERLOADED);
        permit.failed(Failures.OVERLOADED);
        permit.succeeded(100, 0, 1);

        EndpointStats stats = health.stats(ENDPOINT);
        assertThat(stats.requests30s()).isEqualTo(1);
        assertThat(stats.successRate30s()).isZero();
    }

    @Test
    void an_endpoint_never_used_is_available_with_no_stats() {
        UUID other = UUID.randomUUID();
        assertThat(health.availability(other)).isEqualTo(Availability.AVAILABLE);
        assertThat(health.stats(other)).isEqualTo(EndpointStats.NONE);
    }
}
