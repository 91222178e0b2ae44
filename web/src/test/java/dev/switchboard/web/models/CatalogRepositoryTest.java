package dev.switchboard.web.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.seed.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The catalog as the gateway stores it, read back: what is listed, its prices and its health. */
class CatalogRepositoryTest {

    static TestDatabase database;
    static CatalogRepository catalog;
    static Tenants db;
    static final Instant NOW = Instant.parse("2026-11-28T12:00:30Z");
    static final UUID ECHO_FAKE = UUID.randomUUID();
    static final UUID ECHO_OTHER = UUID.randomUUID();

    @BeforeAll
    static void seed() {
        database = TestDatabase.create("sb_web_models");
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password()).load().migrate();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(database.jdbcUrl());
        ds.setUser(database.user());
        if (!database.password().isEmpty()) {
            ds.setPassword(database.password());
        }
        catalog = new CatalogRepository(ds, Clock.fixed(NOW, ZoneOffset.UTC));
        db = new Tenants(database::connect);
        db.exec("INSERT INTO providers (id, name, api, base_url, enabled) VALUES ('fake', 'Fake', 'openai', 'http://x', true), "
                + "('other', 'Other', 'openai', 'http://y', true), ('keyless', 'Keyless', 'openai', 'http://z', false)");
        db.exec("INSERT INTO models (id, name, description, context_length, input_modalities) VALUES "
                + "('switchboard/echo', 'Echo', 'Answers.', 131072, '{text,image}'), "
                + "('acme/unserved', 'Unserved', '', 1000, '{text}'), ('acme/removed', 'Removed', '', NULL, '{text}'), "
                + "('acme/free:free', 'Free', '', NULL, '{text}')");
        db.exec("""
                INSERT INTO model_endpoints (id, model_id, provider_id, upstream_model, prompt_price_pico, completion_price_pico,
                    cache_read_price_pico, cache_write_price_pico, request_price_pico, image_price_pico, context_length, max_output,
                    supported_parameters, quantization, status) VALUES
                (?, 'switchboard/echo', 'fake', 'echo', 1250000, 3750000, 125000, NULL, 0, 0, 131072, 8192, '{tools,seed}', NULL, 0),
                (?, 'switchboard/echo', 'other', 'echo', 2000000, 3750000, NULL, 2812500, 5000000000, 1000, 65536, NULL, '{}', 'fp8', -1),
                (gen_random_uuid(), 'acme/unserved', 'keyless', 'u', 1, 1, NULL, NULL, 0, 0, 1000, NULL, '{}', NULL, 0),
                (gen_random_uuid(), 'acme/removed', 'fake', 'r', 1, 1, NULL, NULL, 0, 0, 1000, NULL, '{}', NULL, -10),
                (gen_random_uuid(), 'acme/free:free', 'fake', 'f', 0, 0, NULL, NULL, 0, 0, 4096, NULL, '{}', NULL, 0)""",
                ECHO_FAKE, ECHO_OTHER);
        Instant minute = NOW.truncatedTo(ChronoUnit.MINUTES);
        // fake: 30 minutes ago 100 requests 1 failure p50 200; 5 hours ago 100 requests 10 failures p50 400; 2 days ago (out)
        health(ECHO_FAKE, minute.minus(30, ChronoUnit.MINUTES), 100, 1, 200);
        health(ECHO_FAKE, minute.minus(5, ChronoUnit.HOURS), 100, 10, 400);
        health(ECHO_FAKE, minute.minus(48, ChronoUnit.HOURS), 1000, 1000, 9999);
        // other: 3 hours ago 50 requests 0 failures p50 300
        health(ECHO_OTHER, minute.minus(3, ChronoUnit.HOURS), 50, 0, 300);
    }

    private static void health(UUID endpoint, Instant minute, int requests, int failures, int p50) {
        db.exec("INSERT INTO endpoint_health (endpoint_id, minute, requests, failures, latency_p50_ms) VALUES (?, ?, ?, ?, ?)",
                endpoint, minute.atOffset(ZoneOffset.UTC), requests, failures, p50);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void lists_models_served_by_an_enabled_provider_and_not_removed() {
        List<CatalogModel> models = catalog.models();
        assertThat(models).extracting(CatalogModel::id).containsExactly("acme/free:free", "switchboard/echo");
        assertThat(catalog.providers(models)).containsExactly(java.util.Map.entry("fake", "Fake"), java.util.Map.entry("other", "Other"));
    }

    @Test
    void prices_context_and_providers_of_a_model() {
        CatalogModel echo = catalog.model("switchboard/echo").orElseThrow();
        assertThat(echo.context()).isEqualTo("131,072");
        assertThat(echo.promptPrice()).isEqualTo("$1.25–$2.00");
        assertThat(echo.completionPrice()).isEqualTo("$3.75");
        assertThat(echo.providers()).isEqualTo("Fake, Other");
        assertThat(echo.modalities()).isEqualTo("text, image → text");
        assertThat(echo.href()).isEqualTo("/models/switchboard/echo");
        assertThat(echo.activityHref()).isEqualTo("/activity?model=switchboard%2Fecho");
        assertThat(echo.compareHref()).isEqualTo("/compare?target=switchboard%2Fecho");
        Endpoint fake = echo.endpoints().get(0);
        assertThat(fake.providerId()).isEqualTo("fake");
        assertThat(fake.cacheReadPrice()).isEqualTo("$0.125");
        assertThat(fake.cacheWritePrice()).isEqualTo("—");
        assertThat(fake.requestPrice()).isEqualTo("—");
        assertThat(fake.parameters()).isEqualTo("tools, seed");
        assertThat(fake.maxOutputText()).isEqualTo("8,192");
        assertThat(fake.statusText()).isEqualTo("serving");
        Endpoint other = echo.endpoints().get(1);
        assertThat(other.cacheWritePrice()).isEqualTo("$2.8125");
        assertThat(other.requestPrice()).isEqualTo("$0.005");
        assertThat(other.imagePrice()).isEqualTo("$0.000000001");
        assertThat(other.quantizationText()).isEqualTo("fp8");
        assertThat(other.statusText()).isEqualTo("degraded (-1)");
        assertThat(other.parameters()).isEqualTo("—");
        assertThat(catalog.model("acme/free:free").orElseThrow().context()).as("the endpoint's when the model has none").isEqualTo("4,096");
    }

    @Test
    void health_over_the_last_hour_and_day_per_endpoint_and_per_model() {
        CatalogModel echo = catalog.model("switchboard/echo").orElseThrow();
        Health fake = echo.endpoints().get(0).health();
        assertThat(fake).isEqualTo(new Health(100, 1, 200, 11, 200));
        assertThat(fake.uptime1h()).isEqualTo("99%");
        assertThat(fake.uptime24h()).isEqualTo("94.5%");
        assertThat(fake.latency()).isEqualTo("200 ms");
        assertThat(echo.endpoints().get(1).health()).isEqualTo(new Health(0, 0, 50, 0, 300));
        assertThat(echo.endpoints().get(1).health().uptime1h()).isEqualTo("no data");
        // the model: 250 requests and 11 failures in 24 h; median of the minutes' medians 200, 300, 400
        assertThat(echo.health()).isEqualTo(new Health(100, 1, 250, 11, 300));
        assertThat(catalog.model("acme/free:free").orElseThrow().health()).isEqualTo(Health.NONE);
        assertThat(Health.NONE.latency()).isEqualTo("no data");
    }

    @Test
    void unknown_unserved_removed_and_malformed_models_are_not_found() {
        assertThat(catalog.model("switchboard/nothing")).isEmpty();
        assertThat(catalog.model("acme/unserved")).isEmpty();
        assertThat(catalog.model("acme/removed")).isEmpty();
        assertThat(catalog.model("Switchboard/echo")).isEmpty();
        assertThat(catalog.model("switchboard/echo/x")).isEmpty();
        assertThat(catalog.model("' OR 1=1 --/x")).isEmpty();
        assertThat(catalog.model(null)).isEmpty();
    }

    @Test
    void search_matches_id_or_name_and_provider() {
        CatalogModel echo = catalog.model("switchboard/echo").orElseThrow();
        assertThat(echo.matches(null, null)).isTrue();
        assertThat(echo.matches("ECHO", null)).isTrue();
        assertThat(echo.matches("switchboard/", "other")).isTrue();
        assertThat(echo.matches("gpt", null)).isFalse();
        assertThat(echo.matches(null, "keyless")).isFalse();
    }
}
