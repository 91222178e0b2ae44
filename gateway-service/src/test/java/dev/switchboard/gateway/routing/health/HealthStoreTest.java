package dev.switchboard.gateway.routing.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.gateway.catalog.EndpointFigures;
import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.seed.Tenants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Health into {@code endpoint_health}: each replica adds its finished minutes, and uptime is read back from it. */
class HealthStoreTest {

    private static TestDatabase database;
    private static HealthStore store;
    private static Tenants db;

    /** On a minute boundary. */
    private static final long START = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;

    private final AtomicLong now = new AtomicLong(START + 5_000);
    private UUID endpoint;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create("sb_gw_health");
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password()).load().migrate();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(database.jdbcUrl());
        ds.setUser(database.user());
        if (!database.password().isEmpty()) {
            ds.setPassword(database.password());
        }
        store = new HealthStore(ds);
        db = new Tenants(database::connect);
        db.exec("INSERT INTO providers (id, name, api, base_url, enabled) VALUES ('acme', 'Acme', 'openai', 'http://x', true)");
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void an_endpoint() {
        endpoint = UUID.randomUUID();
        String model = "acme/m-" + endpoint; // one endpoint per model and provider
        db.exec("INSERT INTO models (id, name) VALUES (?, 'M')", model);
        db.exec("""
                INSERT INTO model_endpoints (id, model_id, provider_id, upstream_model, prompt_price_pico, completion_price_pico,
                    context_length) VALUES (?, ?, 'acme', 'm', 1, 1, 1000)""", endpoint, model);
    }

    private HealthTracker replica() {
        return new HealthTracker(TestHealthConfig.defaults(), new SimpleMeterRegistry(), now::get, id -> EndpointState.Name.UNKNOWN);
    }

    private static void attempts(HealthTracker health, UUID endpoint, int successes, long latencyMillis, int failures) {
        for (int i = 0; i < successes; i++) {
            health.tryAcquire(endpoint).succeeded(latencyMillis, 1_000, 50);
        }
        for (int i = 0; i < failures; i++) {
            health.tryAcquire(endpoint).failed(Failures.OVERLOADED);
        }
    }

    private record Stored(Instant minute, int requests, int failures, Integer p50, Integer p99, Integer tps) {
    }

    private List<Stored> rows() throws SQLException {
        List<Stored> rows = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT minute, requests, failures, latency_p50_ms, latency_p99_ms, throughput_p50_tps
                FROM endpoint_health WHERE endpoint_id = ? ORDER BY minute""")) {
            s.setObject(1, endpoint);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Stored(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getInt(2), rs.getInt(3),
                            (Integer) rs.getObject(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6)));
                }
            }
        }
        return rows;
    }

    @Test
    void writes_each_finished_minute_once_with_its_counts_and_percentiles() throws SQLException {
        HealthTracker health = replica();
        attempts(health, endpoint, 9, 200, 1);
        health.persist(store, false);
        assertThat(rows()).as("the current minute is not finished").isEmpty();

        now.set(START + 60_000 + 5_000);
        attempts(health, endpoint, 1, 800, 0);
        health.persist(store, false);
        health.persist(store, false);

        List<Stored> rows = rows();
        assertThat(rows).hasSize(1);
        Stored first = rows.getFirst();
        assertThat(first.minute()).isEqualTo(Instant.ofEpochMilli(START));
        assertThat(first.requests()).as("written once however often persist runs").isEqualTo(10);
        assertThat(first.failures()).isEqualTo(1);
        assertThat(first.p50()).isCloseTo(200, within(25));
        assertThat(first.p99()).isCloseTo(200, within(25));
        assertThat(first.tps()).as("50 tokens in 1 s of generation").isCloseTo(50, within(6));

        health.persist(store, true); // shutdown: the current minute too
        assertThat(rows()).hasSize(2);
        assertThat(rows().get(1).requests()).isEqualTo(1);
        assertThat(rows().get(1).p50()).isCloseTo(800, within(100));
    }

    @Test
    void a_second_replica_adds_its_counts_to_the_same_minute() throws SQLException {
        HealthTracker a = replica();
        HealthTracker b = replica();
        attempts(a, endpoint, 3, 100, 1);
        attempts(b, endpoint, 1, 1_000, 2);
        now.set(START + 60_000 + 5_000);

        a.persist(store, false);
        b.persist(store, false);

        Stored row = rows().getFirst();
        assertThat(row.requests()).isEqualTo(7);
        assertThat(row.failures()).isEqualTo(3);
        // medians weighted by successes: (3 × ~100 + 1 × ~1000) / 4; p99 the greater of the two
        assertThat(row.p50()).isCloseTo((3 * 100 + 1_000) / 4, within(40));
        assertThat(row.p99()).isCloseTo(1_000, within(120));
    }

    @Test
    void endpoints_the_catalog_does_not_know_are_skipped_without_losing_the_others() throws SQLException {
        HealthTracker health = replica();
        UUID unknown = UUID.randomUUID();
        attempts(health, unknown, 5, 100, 0);
        attempts(health, endpoint, 2, 100, 0);
        now.set(START + 60_000 + 5_000);

        health.persist(store, false);

        assertThat(rows()).extracting(Stored::requests).containsExactly(2);
        assertThat(db.scalar("SELECT count(*) FROM endpoint_health WHERE endpoint_id = ?", unknown)).isZero();
    }

    @Test
    void uptime_of_30_minutes_and_a_day_adds_the_table_to_what_is_not_written_yet() {
        // another replica's minutes: 2 hours ago (in the day only) and 10 minutes ago (in both)
        db.exec("INSERT INTO endpoint_health (endpoint_id, minute, requests, failures) VALUES (?, ?, 100, 50), (?, ?, 10, 0)",
                endpoint, Instant.ofEpochMilli(START - 2 * 3_600_000).atOffset(ZoneOffset.UTC),
                endpoint, Instant.ofEpochMilli(START - 10 * 60_000).atOffset(ZoneOffset.UTC));
        HealthTracker health = replica();
        health.persist(store, false); // reads the totals back
        attempts(health, endpoint, 9, 100, 1); // this minute: not written yet

        EndpointFigures figures = health.figures(endpoint);

        assertThat(figures.uptime30m()).as("(10 + 9) of 20").isEqualTo(95.0);
        assertThat(figures.uptime1d()).as("(50 + 10 + 9) of 120").isEqualTo(57.5);
        assertThat(figures.uptime5m()).isEqualTo(90.0);
        assertThat(replica().figures(endpoint).uptime30m()).as("a replica that has not read the table yet").isNull();
    }
}
