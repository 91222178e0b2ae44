package dev.switchboard.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schema.catalog.ModelEndpoint;
import dev.switchboard.schema.catalog.ModelEndpointRepository;
import dev.switchboard.schema.shared.PicoUsd;
import dev.switchboard.testkit.db.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class CatalogSchemaTest extends SchemaTestBase {

    @Inject
    ModelEndpointRepository endpoints;

    @Test
    void stores_sub_nano_prices_exactly_and_refuses_negative_ones() throws Exception {
        rows.update("INSERT INTO providers (id, name, api, base_url) VALUES ('google', 'Google', 'gemini', 'https://example.test')");
        rows.update("INSERT INTO models (id, name) VALUES ('google/gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite')");
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            ModelEndpoint e = new ModelEndpoint();
            e.id = id;
            e.modelId = "google/gemini-2.5-flash-lite";
            e.providerId = "google";
            e.upstreamModel = "gemini-2.5-flash-lite";
            e.promptPricePico = PicoUsd.perTokenFromUsdPerMillion("0.10").picos();
            e.completionPricePico = PicoUsd.perTokenFromUsdPerMillion("0.40").picos();
            e.cacheReadPricePico = PicoUsd.perTokenFromUsdPerMillion("0.01875").picos();
            e.contextLength = 1_048_576;
            e.maxOutput = 65_536;
            e.supportedParameters = new String[] {"tools", "temperature", "response_format"};
            e.updatedAt = java.time.Instant.now();
            endpoints.persist(e);
        });
        assertThat(rows.scalar("SELECT cache_read_price_pico FROM model_endpoints WHERE id = ?", id)).isEqualTo(18_750);
        ModelEndpoint loaded = QuarkusTransaction.requiringNew().call(() -> endpoints.findById(id));
        assertThat(loaded.supportedParameters).containsExactly("tools", "temperature", "response_format");

        rows.refused("23514", "model_endpoints_prices_non_negative", """
                INSERT INTO model_endpoints (id, model_id, provider_id, upstream_model, prompt_price_pico, completion_price_pico, context_length)
                VALUES (?, 'google/gemini-2.5-flash-lite', 'google', 'x', -1, 0, 1000)""", UUID.randomUUID());
        rows.refused("23514", "providers_api",
                "INSERT INTO providers (id, name, api, base_url) VALUES ('bedrock', 'Bedrock', 'aws', 'https://example.test')");
    }
}
