package dev.switchboard.gateway.catalog;

import dev.switchboard.gateway.catalog.CatalogFile.EndpointEntry;
import dev.switchboard.gateway.catalog.CatalogFile.ModelEntry;
import dev.switchboard.gateway.catalog.CatalogFile.ProviderEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Writes a catalog file into the {@code providers}, {@code models} and {@code model_endpoints} tables in one
 * transaction, touching only rows that changed. Endpoints missing from the file are marked removed
 * ({@code status = -10}) rather than deleted, because generations refer to them; providers missing from the file
 * are disabled. Replicas starting together serialise on a transaction-scoped advisory lock.
 */
@ApplicationScoped
class CatalogStore {

    /** {@code model_endpoints.status} of an endpoint no longer in the catalog file (OpenRouter's value). */
    static final int STATUS_REMOVED = -10;
    static final int STATUS_SERVING = 0;

    /** What the tables hold for the file's rows after a write: ids, statuses and first-seen times. */
    record Stored(Map<String, Long> modelCreatedEpochSeconds, Map<EndpointKey, StoredEndpoint> endpoints,
                  LoadReport.Changes changes) {
    }

    record EndpointKey(String modelId, String providerId) {
    }

    record StoredEndpoint(UUID id, int status) {
    }

    private record ProviderRow(String name, String api, String baseUrl, String apiKeyEnv, String dataCollection,
                               String privacyPolicyUrl, boolean enabled) {
    }

    private record ModelRow(String name, String description, Integer contextLength, List<String> inputModalities,
                            List<String> outputModalities, String tokenizer, String kind) {
    }

    private record EndpointRow(String upstreamModel, long prompt, long completion, Long cacheRead, Long cacheWrite,
                               long request, long image, int contextLength, Integer maxOutput,
                               List<String> supportedParameters, String quantization) {
    }

    @Inject
    DataSource dataSource;

    /** @param enabled provider id → whether it is served (its key is set or it needs none) */
    Stored write(CatalogFile file, Map<String, Boolean> enabled) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('switchboard.catalog'))")) {
                    lock.execute();
                }
                int[] providers = writeProviders(c, file.providers(), enabled);
                int[] models = writeModels(c, file.models());
                int[] endpoints = new int[3];
                Map<EndpointKey, StoredEndpoint> stored = writeEndpoints(c, file.models(), endpoints);
                return new Stored(createdTimes(c), stored, new LoadReport.Changes(providers[0], providers[1], models[0],
                        models[1], endpoints[0], endpoints[1], endpoints[2]));
            } catch (SQLException e) {
                throw new CatalogException("cannot write the catalog to the database: " + e.getMessage(), e);
            }
        });
    }

    /** @return {inserted, updated} */
    private int[] writeProviders(Connection c, List<ProviderEntry> providers, Map<String, Boolean> enabled) throws SQLException {
        Map<String, ProviderRow> existing = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, api, base_url, api_key_env, data_collection, "
                + "privacy_policy_url, enabled FROM providers FOR UPDATE");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                existing.put(rs.getString(1), new ProviderRow(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8)));
            }
        }
        int[] counts = new int[2];
        for (ProviderEntry p : providers) {
            ProviderRow row = new ProviderRow(p.name(), lower(p.format()), p.baseUrl(), p.apiKeyEnv(), lower(p.dataCollection()),
                    p.privacyPolicyUrl(), enabled.getOrDefault(p.id(), false));
            ProviderRow old = existing.remove(p.id());
            if (row.equals(old)) {
                continue;
            }
            String sql = old == null
                    ? "INSERT INTO providers (name, api, base_url, api_key_env, data_collection, privacy_policy_url, enabled, id) "
                      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    : "UPDATE providers SET name = ?, api = ?, base_url = ?, api_key_env = ?, data_collection = ?, "
                      + "privacy_policy_url = ?, enabled = ?, updated_at = now() WHERE id = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, row.name());
                s.setString(2, row.api());
                s.setString(3, row.baseUrl());
                s.setString(4, row.apiKeyEnv());
                s.setString(5, row.dataCollection());
                s.setString(6, row.privacyPolicyUrl());
                s.setBoolean(7, row.enabled());
                s.setString(8, p.id());
                s.executeUpdate();
            }
            counts[old == null ? 0 : 1]++;
        }
        Set<String> dropped = existing.entrySet().stream().filter(e -> e.getValue().enabled()).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        if (!dropped.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE providers SET enabled = false, updated_at = now() WHERE id = ANY (?)")) {
                s.setArray(1, c.createArrayOf("text", dropped.toArray()));
                counts[1] += s.executeUpdate();
            }
        }
        return counts;
    }

    /** @return {inserted, updated} */
    private int[] writeModels(Connection c, List<ModelEntry> models) throws SQLException {
        Map<String, ModelRow> existing = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, description, context_length, input_modalities, "
                + "output_modalities, tokenizer, kind FROM models FOR UPDATE");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                existing.put(rs.getString(1), new ModelRow(rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                        strings(rs.getArray(5)), strings(rs.getArray(6)), rs.getString(7), rs.getString(8)));
            }
        }
        int[] counts = new int[2];
        for (ModelEntry m : models) {
            ModelRow row = new ModelRow(m.name(), m.description(), m.contextLength(), m.inputModalities(),
                    m.outputModalities(), m.tokenizer(), lower(m.kind()));
            ModelRow old = existing.get(m.id());
            if (row.equals(old)) {
                continue;
            }
            String sql = old == null
                    ? "INSERT INTO models (name, description, context_length, input_modalities, output_modalities, tokenizer, "
                      + "kind, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    : "UPDATE models SET name = ?, description = ?, context_length = ?, input_modalities = ?, "
                      + "output_modalities = ?, tokenizer = ?, kind = ?, updated_at = now() WHERE id = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, row.name());
                s.setString(2, row.description());
                setInteger(s, 3, row.contextLength());
                s.setArray(4, c.createArrayOf("text", row.inputModalities().toArray()));
                s.setArray(5, c.createArrayOf("text", row.outputModalities().toArray()));
                s.setString(6, row.tokenizer());
                s.setString(7, row.kind());
                s.setString(8, m.id());
                s.executeUpdate();
            }
            counts[old == null ? 0 : 1]++;
        }
        return counts;
    }

    /** @param counts receives {inserted, updated, removed} */
    private Map<EndpointKey, StoredEndpoint> writeEndpoints(Connection c, List<ModelEntry> models, int[] counts) throws SQLException {
        record Existing(UUID id, int status, EndpointRow row) {
        }
        Map<EndpointKey, Existing> existing = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, model_id, provider_id, status, upstream_model, "
                + "prompt_price_pico, completion_price_pico, cache_read_price_pico, cache_write_price_pico, "
                + "request_price_pico, image_price_pico, context_length, max_output, supported_parameters, quantization "
                + "FROM model_endpoints FOR UPDATE");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                EndpointRow row = new EndpointRow(rs.getString(5), rs.getLong(6), rs.getLong(7), (Long) rs.getObject(8),
                        (Long) rs.getObject(9), rs.getLong(10), rs.getLong(11), rs.getInt(12), (Integer) rs.getObject(13),
                        strings(rs.getArray(14)), rs.getString(15));
                existing.put(new EndpointKey(rs.getString(2), rs.getString(3)),
                        new Existing(rs.getObject(1, UUID.class), rs.getInt(4), row));
            }
        }
        Map<EndpointKey, StoredEndpoint> stored = new HashMap<>();
        for (ModelEntry m : models) {
            for (EndpointEntry e : m.endpoints()) {
                EndpointKey key = new EndpointKey(m.id(), e.provider());
                PriceSheet p = e.pricing();
                EndpointRow row = new EndpointRow(e.upstreamModel(), p.prompt(), p.completion(), p.cacheRead(),
                        p.cacheWrite(), p.request(), p.image(), e.contextLength(), e.maxOutput(), e.supportedParameters(),
                        e.quantization());
                Existing old = existing.remove(key);
                if (old != null && old.row().equals(row) && old.status() != STATUS_REMOVED) {
                    stored.put(key, new StoredEndpoint(old.id(), old.status()));
                    continue;
                }
                UUID id = old == null ? UUID.randomUUID() : old.id();
                int status = old == null || old.status() == STATUS_REMOVED ? STATUS_SERVING : old.status();
                String sql = old == null
                        ? "INSERT INTO model_endpoints (upstream_model, prompt_price_pico, completion_price_pico, "
                          + "cache_read_price_pico, cache_write_price_pico, request_price_pico, image_price_pico, "
                          + "context_length, max_output, supported_parameters, quantization, status, model_id, provider_id, id) "
                          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : "UPDATE model_endpoints SET upstream_model = ?, prompt_price_pico = ?, completion_price_pico = ?, "
                          + "cache_read_price_pico = ?, cache_write_price_pico = ?, request_price_pico = ?, image_price_pico = ?, "
                          + "context_length = ?, max_output = ?, supported_parameters = ?, quantization = ?, status = ?, "
                          + "updated_at = now() WHERE model_id = ? AND provider_id = ? AND id = ?";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, row.upstreamModel());
                    s.setLong(2, row.prompt());
                    s.setLong(3, row.completion());
                    setLong(s, 4, row.cacheRead());
                    setLong(s, 5, row.cacheWrite());
                    s.setLong(6, row.request());
                    s.setLong(7, row.image());
                    s.setInt(8, row.contextLength());
                    setInteger(s, 9, row.maxOutput());
                    s.setArray(10, c.createArrayOf("text", row.supportedParameters().toArray()));
                    s.setString(11, row.quantization());
                    s.setInt(12, status);
                    s.setString(13, key.modelId());
                    s.setString(14, key.providerId());
                    s.setObject(15, id);
                    s.executeUpdate();
                }
                counts[old == null ? 0 : 1]++;
                stored.put(key, new StoredEndpoint(id, status));
            }
        }
        List<UUID> removed = existing.values().stream().filter(e -> e.status() != STATUS_REMOVED).map(Existing::id).toList();
        if (!removed.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE model_endpoints SET status = ?, updated_at = now() WHERE id = ANY (?)")) {
                s.setInt(1, STATUS_REMOVED);
                s.setArray(2, c.createArrayOf("uuid", removed.toArray()));
                counts[2] = s.executeUpdate();
            }
        }
        return stored;
    }

    private static Map<String, Long> createdTimes(Connection c) throws SQLException {
        Map<String, Long> created = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, extract(epoch FROM created_at)::bigint FROM models");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                created.put(rs.getString(1), rs.getLong(2));
            }
        }
        return created;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
