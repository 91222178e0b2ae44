package dev.switchboard.web.models;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Reads the catalog the gateway keeps in the schema ({@code models}, {@code model_endpoints}, {@code providers},
 * {@code endpoint_health}): what this Switchboard serves, the same for every organization. An endpoint is listed when
 * its provider is enabled (its key is configured) and it is not removed from the catalog (status -10); a model when
 * it has at least one such endpoint, as the gateway's {@code /api/v1/models} lists them.
 */
public class CatalogRepository {

    /** The {@code models.id} rule of the schema: nothing else can name a model, so nothing else is looked up. */
    static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-zA-Z0-9._:-]*");
    static final int REMOVED = -10;

    private static final String MODELS = """
            SELECT id, name, description, context_length, kind, input_modalities, output_modalities, tokenizer
            FROM models WHERE (?::text IS NULL OR id = ?) ORDER BY id""";
    private static final String ENDPOINTS = """
            SELECT e.id, e.model_id, e.provider_id, p.name AS provider_name, e.prompt_price_pico, e.completion_price_pico,
                   e.cache_read_price_pico, e.cache_write_price_pico, e.request_price_pico, e.image_price_pico, e.context_length,
                   e.max_output, e.supported_parameters, e.quantization, e.status
            FROM model_endpoints e JOIN providers p ON p.id = e.provider_id
            WHERE p.enabled AND e.status > ? AND (?::text IS NULL OR e.model_id = ?)
            ORDER BY e.model_id, e.prompt_price_pico, p.name""";
    /**
     * Health per endpoint and per model in one pass (grouping sets), over the primary key (endpoint_id, minute): the
     * listed endpoints' last 24 hours, at most 1,440 rows each.
     */
    private static final String HEALTH = """
            SELECT e.model_id, h.endpoint_id,
                   coalesce(sum(h.requests) FILTER (WHERE h.minute >= ?), 0) AS requests_1h,
                   coalesce(sum(h.failures) FILTER (WHERE h.minute >= ?), 0) AS failures_1h,
                   coalesce(sum(h.requests), 0) AS requests_24h,
                   coalesce(sum(h.failures), 0) AS failures_24h,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY h.latency_p50_ms) FILTER (WHERE h.requests > 0) AS latency_p50
            FROM endpoint_health h JOIN model_endpoints e ON e.id = h.endpoint_id
            WHERE h.endpoint_id = ANY (?) AND h.minute >= ?
            GROUP BY GROUPING SETS ((e.model_id), (h.endpoint_id))""";

    private final DataSource db;
    private final Clock clock;

    public CatalogRepository(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Every listed model, by id. */
    public List<CatalogModel> models() {
        return load(null);
    }

    /** The model, if the id is a model id and the model is listed. */
    public Optional<CatalogModel> model(String id) {
        if (id == null || !MODEL_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return load(id).stream().findFirst();
    }

    /** The providers that serve at least one listed model: id → name, by name. */
    public Map<String, String> providers(List<CatalogModel> models) {
        Map<String, String> providers = new HashMap<>();
        models.forEach(m -> m.endpoints().forEach(e -> providers.put(e.providerId(), e.providerName())));
        Map<String, String> sorted = new LinkedHashMap<>();
        providers.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private List<CatalogModel> load(String only) {
        try (Connection c = db.getConnection()) {
            Map<String, List<Endpoint>> endpoints = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(ENDPOINTS)) {
                s.setInt(1, REMOVED);
                s.setString(2, only);
                s.setString(3, only);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Endpoint e = new Endpoint(rs.getObject("id", UUID.class), rs.getString("model_id"), rs.getString("provider_id"),
                                rs.getString("provider_name"), rs.getLong("prompt_price_pico"), rs.getLong("completion_price_pico"),
                                (Long) rs.getObject("cache_read_price_pico"), (Long) rs.getObject("cache_write_price_pico"),
                                rs.getLong("request_price_pico"), rs.getLong("image_price_pico"), rs.getInt("context_length"),
                                (Integer) rs.getObject("max_output"), texts(rs.getArray("supported_parameters")),
                                rs.getString("quantization"), rs.getInt("status"), Health.NONE);
                        endpoints.computeIfAbsent(e.modelId(), k -> new ArrayList<>()).add(e);
                    }
                }
            }
            if (endpoints.isEmpty()) {
                return List.of();
            }
            Map<String, Health> modelHealth = new HashMap<>();
            Map<UUID, Health> endpointHealth = new HashMap<>();
            health(c, endpoints, modelHealth, endpointHealth);
            List<CatalogModel> models = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(MODELS)) {
                s.setString(1, only);
                s.setString(2, only);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("id");
                        List<Endpoint> served = endpoints.get(id);
                        if (served == null) {
                            continue;
                        }
                        List<Endpoint> withHealth = served.stream().map(e -> e.withHealth(endpointHealth.getOrDefault(e.id(), Health.NONE))).toList();
                        models.add(new CatalogModel(id, rs.getString("name"), rs.getString("description"),
                                (Integer) rs.getObject("context_length"), rs.getString("kind"), texts(rs.getArray("input_modalities")),
                                texts(rs.getArray("output_modalities")), rs.getString("tokenizer"), withHealth,
                                modelHealth.getOrDefault(id, Health.NONE)));
                    }
                }
            }
            return models;
        } catch (SQLException e) {
            throw new IllegalStateException("catalog query failed: " + e.getMessage(), e);
        }
    }

    private void health(Connection c, Map<String, List<Endpoint>> endpoints, Map<String, Health> byModel, Map<UUID, Health> byEndpoint)
            throws SQLException {
        Instant now = clock.instant();
        Object hourAgo = now.minus(1, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        Object dayAgo = now.minus(24, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        UUID[] ids = endpoints.values().stream().flatMap(List::stream).map(Endpoint::id).toArray(UUID[]::new);
        try (PreparedStatement s = c.prepareStatement(HEALTH)) {
            s.setObject(1, hourAgo);
            s.setObject(2, hourAgo);
            s.setArray(3, c.createArrayOf("uuid", ids));
            s.setObject(4, dayAgo);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Health h = new Health(rs.getLong("requests_1h"), rs.getLong("failures_1h"), rs.getLong("requests_24h"),
                            rs.getLong("failures_24h"), (Integer) rs.getObject("latency_p50"));
                    UUID endpoint = rs.getObject("endpoint_id", UUID.class);
                    if (endpoint != null) {
                        byEndpoint.put(endpoint, h);
                    } else {
                        byModel.put(rs.getString("model_id"), h);
                    }
                }
            }
        }
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
