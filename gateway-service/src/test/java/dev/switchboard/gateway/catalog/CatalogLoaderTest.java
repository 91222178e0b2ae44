package dev.switchboard.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.providers.WireFormat;
import dev.switchboard.testkit.db.InjectTestDatabase;
import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.db.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loads test catalogs into a fresh database; after each test the default catalog is loaded again. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class CatalogLoaderTest {

    private static final String V1 = "classpath:catalog/test-catalog.yaml";
    private static final String V2 = "classpath:catalog/test-catalog-v2.yaml";
    private static final ProviderKeys KEYS = new ProviderKeys(
            name -> name.equals("SWITCHBOARD_TEST_KEYED_KEY") ? Optional.of("test-key") : Optional.empty());

    @Inject
    CatalogLoader loader;
    @Inject
    ModelCatalog catalog;
    @InjectTestDatabase
    TestDatabase database;

    @AfterEach
    void restore_the_default_catalog() {
        loader.loadConfigured();
    }

    @Test
    void loads_the_default_catalog_at_start() throws SQLException {
        assertThat(catalog.model("switchboard/echo")).hasValueSatisfying(m -> {
            CatalogEndpoint e = m.endpoints().getFirst();
            assertThat(e.baseUrl()).isEqualTo("http://127.0.0.1:8090/openai/v1");
            assertThat(e.apiKey()).isEqualTo("sk-fake-local"); // switchboard.provider-keys.fake in application.properties
            assertThat(e.prices()).isEqualTo(new PriceSheet(1_250_000, 3_750_000, 125_000L, null, 0, 0));
        });
        assertThat(catalog.model("switchboard/echo-anthropic").orElseThrow().endpoints().getFirst().format())
                .isEqualTo(WireFormat.ANTHROPIC);
        assertThat(catalog.model("switchboard/echo-gemini").orElseThrow().endpoints().getFirst().format())
                .isEqualTo(WireFormat.GEMINI);
        assertThat(catalog.models(ModelKind.EMBEDDING)).extracting(CatalogModel::id).contains("switchboard/echo-embed");
        if (System.getenv("OPENAI_API_KEY") == null) {
            assertThat(catalog.model("openai/gpt-4o")).isEmpty();
            assertThat(catalog.isListedButUnavailable("openai/gpt-4o")).isTrue();
        }
        assertThat(count("SELECT count(*) FROM models")).isGreaterThanOrEqualTo(20);
        assertThat(count("SELECT count(*) FROM model_endpoints WHERE status = 0")).isGreaterThanOrEqualTo(20);
    }

    @Test
    void upserts_providers_models_and_endpoints_with_exact_prices() throws SQLException {
        loader.load(V1, KEYS);

        assertThat(rows("SELECT id || ' ' || api || ' ' || base_url || ' ' || enabled || ' ' || data_collection "
                + "FROM providers WHERE id IN ('fake', 'keyed', 'keyless') ORDER BY id")).containsExactly(
                "fake openai http://127.0.0.1:8090/openai/v1 true deny",
                "keyed anthropic https://keyed.test true allow",
                "keyless gemini https://keyless.test false deny");
        assertThat(rows("SELECT id || ' ' || kind || ' ' || context_length || ' ' || array_to_string(input_modalities, ',') "
                + "|| ' ' || array_to_string(output_modalities, ',') FROM models WHERE id LIKE 'test/%' ORDER BY id"))
                .containsExactly("test/alpha chat 32000 text,image text", "test/beta chat 8000 text text",
                        "test/embed embedding 8192 text embeddings");
        assertThat(rows("SELECT concat_ws(' ', model_id, provider_id, prompt_price_pico, completion_price_pico, "
                + "coalesce(cache_read_price_pico::text, '-'), coalesce(cache_write_price_pico::text, '-'), request_price_pico, "
                + "context_length, coalesce(max_output::text, '-'), coalesce(nullif(array_to_string(supported_parameters, ','), ''), '-'), "
                + "coalesce(quantization, '-'), status) FROM model_endpoints WHERE model_id LIKE 'test/%' ORDER BY 1"))
                .containsExactly(
                        "test/alpha fake 1250000 3750000 125000 - 400000000 32000 4096 tools,tool_choice,temperature - 0",
                        "test/alpha keyed 2250000 6750000 225000 2812500 0 16000 - temperature,top_k bf16 0",
                        "test/beta keyless 500000 1500000 - - 0 8000 - - - 0",
                        "test/embed fake 18750 0 - - 0 8192 - dimensions - 0");
    }

    @Test
    void reloading_the_same_file_writes_nothing() throws SQLException {
        loader.load(V1, KEYS);
        Map<String, String> before = endpointIdsAndTimes();

        LoadReport again = loader.load(V1, KEYS);

        assertThat(again.changes().none()).as(again.changes().toString()).isTrue();
        assertThat(endpointIdsAndTimes()).isEqualTo(before);
    }

    @Test
    void marks_an_endpoint_missing_from_the_file_removed_and_revives_it_when_it_returns() throws SQLException {
        loader.load(V1, KEYS);
        String keyedId = rows("SELECT id::text FROM model_endpoints WHERE model_id = 'test/alpha' AND provider_id = 'keyed'").getFirst();

        LoadReport v2 = loader.load(V2, KEYS);

        assertThat(rows("SELECT status || ' ' || id FROM model_endpoints WHERE model_id = 'test/alpha' AND provider_id = 'keyed'"))
                .containsExactly("-10 " + keyedId);
        assertThat(rows("SELECT prompt_price_pico::text FROM model_endpoints WHERE model_id = 'test/alpha' AND provider_id = 'fake'"))
                .containsExactly("1500000");
        assertThat(v2.changes().endpointsUpdated()).isEqualTo(1);
        assertThat(v2.changes().endpointsRemoved()).as("keyed, plus the default catalog's endpoints").isGreaterThanOrEqualTo(1);
        assertThat(catalog.model("test/alpha").orElseThrow().endpoints()).extracting(CatalogEndpoint::providerId)
                .containsExactly("fake");

        loader.load(V1, KEYS);

        assertThat(rows("SELECT status || ' ' || id FROM model_endpoints WHERE model_id = 'test/alpha' AND provider_id = 'keyed'"))
                .containsExactly("0 " + keyedId);
        assertThat(catalog.model("test/alpha").orElseThrow().endpoints()).extracting(CatalogEndpoint::providerId)
                .containsExactly("fake", "keyed");
    }

    @Test
    void skips_a_provider_whose_key_is_not_set_with_one_log_line() throws SQLException {
        List<String> lines = new ArrayList<>();
        PatternFormatter message = new PatternFormatter("%s");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(message.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger logger = Logger.getLogger(CatalogLoader.class.getName());
        logger.addHandler(handler);
        LoadReport report;
        try {
            report = loader.load(V1, KEYS);
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(report.skippedProviders()).containsExactly("keyless");
        assertThat(lines).filteredOn(l -> l.startsWith("provider "))
                .containsExactly("provider keyless skipped: SWITCHBOARD_TEST_MISSING_KEY is not set");
        assertThat(rows("SELECT enabled::text FROM providers WHERE id = 'keyless'")).containsExactly("false");
        assertThat(catalog.provider("keyless")).hasValueSatisfying(p -> assertThat(p.enabled()).isFalse());
    }

    @Test
    void publishes_a_snapshot_of_the_serving_endpoints() throws SQLException {
        loader.load(V1, KEYS);

        CatalogModel alpha = catalog.model("test/alpha").orElseThrow();
        assertThat(alpha.name()).isEqualTo("Alpha");
        assertThat(alpha.modality()).isEqualTo("text+image->text");
        assertThat(alpha.tokenizer()).isEqualTo("Other");
        assertThat(alpha.created()).isPositive();
        assertThat(alpha.supportedParameters()).containsExactly("temperature", "tool_choice", "tools", "top_k");
        CatalogEndpoint fake = alpha.endpoints().get(0);
        CatalogEndpoint keyed = alpha.endpoints().get(1);
        assertThat(fake.id()).isEqualTo(UUID.fromString(
                rows("SELECT id::text FROM model_endpoints WHERE model_id = 'test/alpha' AND provider_id = 'fake'").getFirst()));
        assertThat(fake.prices()).isEqualTo(new PriceSheet(1_250_000, 3_750_000, 125_000L, null, 400_000_000, 0));
        assertThat(fake.prices().cacheWriteOrPrompt()).isEqualTo(1_250_000);
        assertThat(fake.apiKey()).isNull();
        assertThat(fake.maxOutput()).isEqualTo(4096);
        assertThat(keyed.toTarget()).isEqualTo(new ProviderTarget("keyed", "Keyed", WireFormat.ANTHROPIC,
                "https://keyed.test", "test-key", "alpha-k", Set.of("temperature", "top_k")));
        assertThat(keyed.contextLength()).isEqualTo(16000);
        assertThat(keyed.quantization()).isEqualTo("bf16");
        assertThat(keyed.toString()).doesNotContain("test-key");

        assertThat(catalog.model("test/beta")).as("its only provider lacks a key").isEmpty();
        assertThat(catalog.isListedButUnavailable("test/beta")).isTrue();
        assertThat(catalog.model("switchboard/echo")).as("no longer in the file").isEmpty();
        assertThat(catalog.models()).extracting(CatalogModel::id).containsExactly("test/alpha", "test/embed");
        assertThat(catalog.models(ModelKind.CHAT)).extracting(CatalogModel::id).containsExactly("test/alpha");
        assertThat(catalog.providers()).extracting(CatalogProvider::id).containsExactly("fake", "keyed", "keyless");
        assertThat(catalog.enabledProviders()).extracting(CatalogProvider::id).containsExactly("fake", "keyed");
        assertThat(rows("SELECT enabled::text FROM providers WHERE id = 'openai'"))
                .as("a provider missing from the file is disabled").containsExactly("false");
    }

    private Map<String, String> endpointIdsAndTimes() throws SQLException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String row : rows("SELECT model_id || '@' || provider_id || ' ' || id || ' ' || status || ' ' || updated_at "
                + "FROM model_endpoints ORDER BY 1")) {
            map.put(row.substring(0, row.indexOf(' ')), row);
        }
        return map;
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).getFirst());
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
