package dev.switchboard.gateway.routing.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.gateway.catalog.EndpointFigures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rolling windows (30 s and 5 min) and the medians of latency and throughput. */
class HealthStatsTest {

    private static final UUID ENDPOINT = UUID.randomUUID();
    /** On a minute boundary, so the test knows which 10-second slot and minute each attempt falls in. */
    private static final long START = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;

    private final AtomicLong now = new AtomicLong(START);
    private final HealthTracker health = new HealthTracker(TestHealthConfig.defaults(), new SimpleMeterRegistry(), now::get,
            id -> EndpointState.Name.UNKNOWN);

    private void succeed(long firstTokenMillis, long generationMillis, int tokens) {
        health.tryAcquire(ENDPOINT).succeeded(firstTokenMillis, generationMillis, tokens);
    }

    private void fail() {
        health.tryAcquire(ENDPOINT).failed(Failures.OVERLOADED);
    }

    @Test
    void counts_roll_out_of_the_30_second_window_before_the_5_minute_one() {
        succeed(100, 0, 10);
        fail();
        now.addAndGet(15_000);
        succeed(100, 0, 10);

        EndpointStats fresh = health.stats(ENDPOINT);
        assertThat(fresh.requests30s()).isEqualTo(3);
        assertThat(fresh.successRate30s()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(fresh.requests5m()).isEqualTo(3);

        now.set(START + 31_000); // the first two are 31 s old, the third 16 s
        EndpointStats later = health.stats(ENDPOINT);
        assertThat(later.requests30s()).isEqualTo(1);
        assertThat(later.successRate30s()).isEqualTo(1.0);
        assertThat(later.requests5m()).isEqualTo(3);
        assertThat(later.successRate5m()).isCloseTo(2 / 3.0, within(1e-9));

        now.set(START + 5 * 60_000 + 1_000); // the first two are 5 min 1 s old
        EndpointStats much = health.stats(ENDPOINT);
        assertThat(much.requests30s()).isZero();
        assertThat(much.successRate30s()).as("1 when there were none").isEqualTo(1.0);
        assertThat(much.requests5m()).isEqualTo(1);

        now.set(START + 6 * 60_000);
        assertThat(health.stats(ENDPOINT)).isEqualTo(EndpointStats.NONE);
    }

    @Test
    void medians_of_latency_and_throughput_within_a_bin() {
        succeed(100, 0, 0);
        succeed(210, 0, 0);
        succeed(4_000, 0, 0);
        // streamed: 100 tokens in 2 s of generation = 50 tokens/s; not streamed: 30 tokens in 1 s in all = 30 tokens/s
        succeed(50, 2_000, 100);
        succeed(50, 2_000, 100);
        succeed(1_000, 0, 30);

        EndpointStats stats = health.stats(ENDPOINT);
        assertThat(stats.latencyMillis()).as("median of 50, 50, 100, 210, 1000, 4000: the third").isCloseTo(100, within(12.5));
        assertThat(stats.throughputTps()).as("median of 30, 50, 50").isCloseTo(50, within(6.25));
    }

    @Test
    void medians_cover_about_five_minutes() {
        succeed(10_000, 0, 1);
        now.addAndGet(2 * 60_000);
        succeed(100, 0, 1);
        succeed(100, 0, 1);
        assertThat(health.stats(ENDPOINT).latencyMillis()).isCloseTo(100, within(12.5));

        now.set(START + 5 * 60_000); // the first slow one's minute is now five minutes back: left out
        succeed(10_000, 0, 1);
        succeed(10_000, 0, 1);
        assertThat(health.stats(ENDPOINT).latencyMillis()).as("the 2nd of 100, 100, 10000, 10000, not the 3rd of five")
                .isCloseTo(100, within(12.5));
    }

    @Test
    void figures_for_the_endpoints_api_from_the_live_window() {
        for (int i = 0; i < 100; i++) {
            succeed(i < 90 ? 200 : 2_000, 1_000, i < 98 ? 60 : 6);
        }
        fail();
        now.addAndGet(6 * 60_000); // out of the 5-minute uptime, still in the 30-minute latency

        EndpointFigures figures = health.figures(ENDPOINT);

        assertThat(figures.status()).isZero();
        assertThat(figures.uptime5m()).isNull();
        assertThat(figures.uptime30m()).as("nothing written yet: this replica's own minutes").isCloseTo(99.01, within(0.005));
        assertThat(figures.uptime1d()).isCloseTo(99.01, within(0.005));
        assertThat(figures.latency().p50()).isCloseTo(200, within(25.0));
        assertThat(figures.latency().p99()).isCloseTo(2_000, within(250.0));
        assertThat(figures.latency().p90()).isCloseTo(200, within(25.0));
        assertThat(figures.throughput().p50()).isCloseTo(60, within(7.5));
        assertThat(figures.throughput().p90()).as("90 %% were at least this fast").isCloseTo(60, within(7.5));
        assertThat(figures.throughput().p99()).as("the slow tail").isCloseTo(6, within(0.75));
        assertThat(health.figures(UUID.randomUUID())).isEqualTo(EndpointFigures.UNMEASURED);
    }

    @Test
    void figures_show_an_open_circuit_as_status_minus_one() {
        for (int i = 0; i < 5; i++) {
            fail();
        }
        EndpointFigures figures = health.figures(ENDPOINT);
        assertThat(figures.status()).isEqualTo(-1);
        assertThat(figures.uptime5m()).isZero();
        assertThat(figures.latency()).isNull();
    }

    @Test
    void log_bins_quantiles_are_the_bins_geometric_middle() {
        int[] counts = new int[LogBins.SIZE];
        counts[LogBins.LATENCY.bin(100)] += 3;
        counts[LogBins.LATENCY.bin(1_000)] += 1;

        assertThat(LogBins.LATENCY.quantile(counts, 0.5)).isCloseTo(100, within(12.5));
        assertThat(LogBins.LATENCY.quantile(counts, 0.75)).isCloseTo(100, within(12.5));
        assertThat(LogBins.LATENCY.quantile(counts, 0.76)).isCloseTo(1_000, within(125.0));
        assertThat(LogBins.LATENCY.quantile(new int[LogBins.SIZE], 0.5)).isNull();
        assertThat(LogBins.LATENCY.bin(0)).isZero();
        assertThat(LogBins.LATENCY.bin(1e12)).isEqualTo(LogBins.SIZE - 1);
    }
}
