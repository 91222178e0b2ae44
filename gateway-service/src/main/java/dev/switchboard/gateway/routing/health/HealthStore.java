package dev.switchboard.gateway.routing.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code endpoint_health} table: one row per endpoint and minute, to which every replica adds its own counts
 * (blocking JDBC: worker threads only, never an event loop). The endpoints API reads uptime back from it, the
 * dashboard's models page reads it directly.
 */
public final class HealthStore {

    /**
     * Adds this replica's counts to the minute's row. Percentiles cannot be added: when two replicas write the same
     * minute, the medians (latency and throughput) are combined weighted by the successes each measured (an
     * approximation of the true median between the two), and the p99 is the greater of the two, an upper bound of
     * the true p99 (at least 99 % of each part's samples lie below its own p99). Rows of endpoints the catalog does
     * not know (a test's made-up id) are skipped rather than failing the batch on the foreign key.
     */
    private static final String UPSERT = """
            INSERT INTO endpoint_health AS h (endpoint_id, minute, requests, failures, latency_p50_ms, latency_p99_ms,
                throughput_p50_tps)
            SELECT u.endpoint_id, u.minute, u.requests, u.failures, u.latency_p50_ms, u.latency_p99_ms, u.throughput_p50_tps
            FROM unnest(?::uuid[], ?::timestamptz[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[])
                AS u (endpoint_id, minute, requests, failures, latency_p50_ms, latency_p99_ms, throughput_p50_tps)
            WHERE EXISTS (SELECT 1 FROM model_endpoints e WHERE e.id = u.endpoint_id)
            ON CONFLICT (endpoint_id, minute) DO UPDATE SET
                requests = h.requests + excluded.requests,
                failures = h.failures + excluded.failures,
                latency_p50_ms = CASE WHEN h.latency_p50_ms IS NULL OR h.requests = h.failures THEN excluded.latency_p50_ms
                    WHEN excluded.latency_p50_ms IS NULL OR excluded.requests = excluded.failures THEN h.latency_p50_ms
                    ELSE round((h.latency_p50_ms::numeric * (h.requests - h.failures)
                        + excluded.latency_p50_ms::numeric * (excluded.requests - excluded.failures))
                        / ((h.requests - h.failures) + (excluded.requests - excluded.failures)))::int END,
                latency_p99_ms = greatest(h.latency_p99_ms, excluded.latency_p99_ms),
                throughput_p50_tps = CASE WHEN h.throughput_p50_tps IS NULL OR h.requests = h.failures THEN excluded.throughput_p50_tps
                    WHEN excluded.throughput_p50_tps IS NULL OR excluded.requests = excluded.failures THEN h.throughput_p50_tps
                    ELSE round((h.throughput_p50_tps::numeric * (h.requests - h.failures)
                        + excluded.throughput_p50_tps::numeric * (excluded.requests - excluded.failures))
                        / ((h.requests - h.failures) + (excluded.requests - excluded.failures)))::int END""";

    private static final String TOTALS = """
            SELECT endpoint_id,
                   coalesce(sum(requests) FILTER (WHERE minute >= ?), 0) AS requests_30m,
                   coalesce(sum(failures) FILTER (WHERE minute >= ?), 0) AS failures_30m,
                   sum(requests) AS requests_1d, sum(failures) AS failures_1d
            FROM endpoint_health WHERE minute >= ? GROUP BY endpoint_id""";

    /** One endpoint's minute as this replica saw it; percentiles null when nothing was measured. */
    public record Row(UUID endpointId, Instant minute, int requests, int failures, Integer latencyP50Ms,
                      Integer latencyP99Ms, Integer throughputP50Tps) {

        static Row of(UUID endpointId, MinuteSlot slot) {
            return new Row(endpointId, Instant.ofEpochMilli(slot.minute * MinuteSlot.MINUTE_MILLIS), (int) slot.requests(),
                    (int) slot.failureCount(), whole(LogBins.LATENCY.quantile(slot.latency, 0.5)),
                    whole(LogBins.LATENCY.quantile(slot.latency, 0.99)), whole(LogBins.THROUGHPUT.quantile(slot.throughput, 0.5)));
        }

        private static Integer whole(Double value) {
            return value == null ? null : (int) Math.round(value);
        }
    }

    /** Every replica's counts of one endpoint in the table. */
    public record Totals(long requests30m, long failures30m, long requests1d, long failures1d) {
    }

    private final DataSource dataSource;

    public HealthStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds the rows in one statement (one transaction). */
    public void add(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(UPSERT)) {
            s.setArray(1, c.createArrayOf("uuid", rows.stream().map(Row::endpointId).toArray()));
            s.setArray(2, c.createArrayOf("timestamptz", rows.stream().map(r -> r.minute().atOffset(ZoneOffset.UTC)).toArray()));
            s.setArray(3, c.createArrayOf("int4", rows.stream().map(Row::requests).toArray()));
            s.setArray(4, c.createArrayOf("int4", rows.stream().map(Row::failures).toArray()));
            s.setArray(5, c.createArrayOf("int4", rows.stream().map(Row::latencyP50Ms).toArray()));
            s.setArray(6, c.createArrayOf("int4", rows.stream().map(Row::latencyP99Ms).toArray()));
            s.setArray(7, c.createArrayOf("int4", rows.stream().map(Row::throughputP50Tps).toArray()));
            s.executeUpdate();
        }
    }

    /** Every endpoint's counts of the last 30 minutes and of the last day, as of {@code now}. */
    public Map<UUID, Totals> totals(Instant now) throws SQLException {
        OffsetDateTime halfHourAgo = now.minusSeconds(30 * 60).atOffset(ZoneOffset.UTC);
        OffsetDateTime dayAgo = now.minusSeconds(24 * 3600).atOffset(ZoneOffset.UTC);
        Map<UUID, Totals> totals = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(TOTALS)) {
            s.setObject(1, halfHourAgo);
            s.setObject(2, halfHourAgo);
            s.setObject(3, dayAgo);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    totals.put(rs.getObject(1, UUID.class), new Totals(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return totals;
    }
}
