package dev.switchboard.web.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.shared.generations.ProviderResponses;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * Reads the generation log of one organization straight from the schema (web never writes it). Every method takes
 * the organization first and every statement is scoped by it; ids from the URL are matched inside that scope only,
 * so another organization's id finds nothing.
 */
public class LogRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource db;

    public LogRepository(DataSource db) {
        this.db = db;
    }

    /** Up to {@code limit} rows; {@code keys} names them (a row of a key not listed shows its id). */
    public List<LogRow> page(UUID organization, LogFilter filter, int limit, Map<UUID, KeyName> keys, Map<String, String> providers) {
        List<LogRow> rows = new ArrayList<>();
        query(LogSql.page(organization, filter, limit), rs -> {
            UUID key = rs.getObject("api_key_id", UUID.class);
            KeyName name = keys.get(key);
            String provider = rs.getString("provider_id");
            rows.add(new LogRow(rs.getString("id"), rs.getObject("created_at", OffsetDateTime.class), rs.getString("model_id"),
                    provider, providers.get(provider), key, name == null ? null : name.label(), rs.getInt("tokens_prompt"),
                    rs.getInt("tokens_completion"), rs.getBoolean("tokens_estimated"), rs.getLong("cost_nanos"),
                    (Integer) rs.getObject("latency_ms"), (Integer) rs.getObject("generation_time_ms"), rs.getBoolean("streamed"),
                    rs.getBoolean("cancelled"), rs.getString("finish_reason"), rs.getInt("status")));
        });
        return rows;
    }

    /** Counts per bucket of the window: bucket start → {successes, errors}. */
    public Map<Instant, long[]> histogram(UUID organization, LogFilter filter, HistogramWindow window) {
        Map<Instant, long[]> counts = new HashMap<>();
        if (window.hourly()) {
            query(LogSql.hourly(organization, filter, window.start(), window.end()), rs -> {
                Instant bucket = rs.getObject("bucket", LocalDateTime.class).toInstant(ZoneOffset.UTC);
                long requests = rs.getLong("requests");
                long errors = rs.getLong("errors");
                counts.put(bucket, new long[] {requests - errors, errors});
            });
            return counts;
        }
        LogFilter.Status.Kind status = filter.status().kind();
        query(LogSql.daily(organization, filter, window.firstDay(), window.lastDay()), rs -> {
            Instant bucket = rs.getObject("bucket", LocalDate.class).atStartOfDay(ZoneOffset.UTC).toInstant();
            long requests = rs.getLong("requests");
            long errors = rs.getLong("errors");
            // daily_usage has no status per row: a success filter keeps the successes, an error filter the errors
            long[] c = switch (status) {
                case SUCCESS -> new long[] {requests - errors, 0};
                case ERROR, HTTP -> new long[] {0, errors};
                case ANY -> new long[] {requests - errors, errors};
            };
            counts.put(bucket, c);
        });
        return counts;
    }

    /** The generation, if the id is of a generation id's shape and the organization has it. */
    public Optional<GenerationDetail> detail(UUID organization, String id) {
        Instant second = GenerationIds.secondOf(id);
        if (second == null) {
            return Optional.empty();
        }
        List<GenerationDetail> found = new ArrayList<>(1);
        query(LogSql.detail(organization, id, second), rs -> found.add(new GenerationDetail(rs.getString("id"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("model_id"), rs.getString("provider_id"),
                rs.getString("provider_name"), rs.getObject("api_key_id", UUID.class), rs.getString("key_name"),
                rs.getString("api_type"), rs.getString("upstream_id"), rs.getInt("tokens_prompt"), rs.getInt("tokens_completion"),
                rs.getInt("tokens_reasoning"), rs.getInt("tokens_cached"), rs.getBoolean("tokens_estimated"),
                rs.getLong("cost_nanos"), (Long) rs.getObject("upstream_cost_nanos"), (Integer) rs.getObject("latency_ms"),
                (Integer) rs.getObject("generation_time_ms"), rs.getBoolean("streamed"), rs.getBoolean("cancelled"),
                rs.getString("finish_reason"), rs.getString("native_finish_reason"), rs.getInt("status"),
                rs.getString("error_code"), rs.getString("error_message"), rs.getString("app_referer"), rs.getString("app_title"),
                rs.getString("external_user"), attempts(rs.getString("provider_responses")), texts(rs.getArray("dropped_parameters")))));
        return found.stream().findFirst();
    }

    /** The organization's keys, deleted ones too (their generations remain), by name. */
    public Map<UUID, KeyName> keys(UUID organization) {
        Map<UUID, KeyName> keys = new LinkedHashMap<>();
        query(new Sql("SELECT id, name, deleted_at IS NOT NULL AS deleted FROM api_keys WHERE organization_id = ? "
                        + "ORDER BY deleted_at IS NOT NULL, lower(name), created_at", List.of(organization)),
                rs -> keys.put(rs.getObject("id", UUID.class),
                        new KeyName(rs.getObject("id", UUID.class), rs.getString("name"), rs.getBoolean("deleted"))));
        return keys;
    }

    /** Every provider id → name (the catalog, a few dozen rows; the same for everyone). */
    public Map<String, String> providers() {
        Map<String, String> providers = new LinkedHashMap<>();
        query(new Sql("SELECT id, name FROM providers ORDER BY id", List.of()), rs -> providers.put(rs.getString(1), rs.getString(2)));
        return providers;
    }

    /** Every catalog model id, for the model field's suggestions (the catalog, not the organization's data). */
    public List<String> models() {
        List<String> models = new ArrayList<>();
        query(new Sql("SELECT id FROM models ORDER BY id", List.of()), rs -> models.add(rs.getString(1)));
        return models;
    }

    /**
     * {@code provider_responses} as attempts ({@link ProviderResponses} reads every shape the gateway has written);
     * anything not of the documented shape is left out rather than guessed.
     */
    static List<Attempt> attempts(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            JsonNode node = ProviderResponses.attempts(JSON.readTree(json));
            if (node == null) {
                return List.of();
            }
            List<Attempt> attempts = new ArrayList<>();
            for (JsonNode a : node) {
                if (!a.isObject()) {
                    continue;
                }
                JsonNode name = a.get("provider_name");
                JsonNode status = a.get("status");
                JsonNode latency = a.get("latency");
                attempts.add(new Attempt(name != null && name.isTextual() ? name.asText() : null,
                        status != null && status.canConvertToInt() ? status.intValue() : null,
                        latency != null && latency.isNumber() ? latency.longValue() : null));
            }
            return attempts;
        } catch (Exception e) {
            return List.of();
        }
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> texts = new ArrayList<>(values.length);
        for (Object v : values) {
            if (v != null) {
                texts.add(v.toString());
            }
        }
        return texts;
    }

    @FunctionalInterface
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    void query(Sql sql, RowReader reader) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql.text())) {
            // Never a server-side prepared statement: its generic plan cannot see the organization, the dates or the
            // status, guesses a row or two, and then reads and sorts every matching row instead of walking an index
            // for the newest 51 (a status filter over 90 days: 600 ms instead of 1 ms). Planning each time costs ~1 ms.
            s.unwrap(PGStatement.class).setPrepareThreshold(0);
            int i = 1;
            for (Object p : sql.params()) {
                s.setObject(i++, p);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("log query failed: " + e.getMessage(), e);
        }
    }
}
