package dev.switchboard.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.providers.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The public catalog views carry every key of the bodies the official OpenRouter SDK accepts, with the right JSON types. */
class ModelViewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode minimal;

    private static final CatalogModel ALPHA = model("acme/alpha", "Other", List.of(
            endpoint("acme/alpha", "fake", "Fake", WireFormat.OPENAI,
                    new PriceSheet(1_250_000, 3_750_000, 125_000L, null, 400_000_000, 0), 4096, Set.of("tools", "tool_choice")),
            endpoint("acme/alpha", "keyed", "Keyed", WireFormat.ANTHROPIC,
                    new PriceSheet(2_250_000, 6_750_000, 225_000L, 2_812_500L, 0, 0), null, Set.of("temperature"))));
    private static final CatalogModel BETA = model("acme/beta", null, List.of(
            endpoint("acme/beta", "fake", "Fake", WireFormat.OPENAI, PriceSheet.FREE, null, Set.of("temperature"))));
    private static final CatalogModel GAMMA = model("acme/gamma", null, List.of(
            endpoint("acme/gamma", "fake", "Fake", WireFormat.OPENAI, PriceSheet.FREE, null, Set.of("tools"))));

    @BeforeAll
    static void read_the_minimal_bodies() throws IOException {
        try (InputStream in = ModelViewsTest.class.getClassLoader().getResourceAsStream("openrouter/sdk-minimal-bodies.json")) {
            minimal = JSON.readTree(in);
        }
    }

    private static CatalogEndpoint endpoint(String modelId, String providerId, String providerName, WireFormat format,
                                            PriceSheet prices, Integer maxOutput, Set<String> parameters) {
        return new CatalogEndpoint(UUID.randomUUID(), modelId, providerId, providerName, format, "https://" + providerId + ".test",
                "secret", "upstream-" + providerId, prices, 32000, maxOutput, parameters, null, DataCollection.DENY, false);
    }

    private static CatalogModel model(String id, String tokenizer, List<CatalogEndpoint> endpoints) {
        return new CatalogModel(id, "Model " + id, "About " + id, 32000, List.of("text", "image"), List.of("text"), tokenizer,
                ModelKind.CHAT, 1_700_000_000L, endpoints);
    }

    private static JsonNode render(Object view) {
        return JSON.valueToTree(view);
    }

    /** Every key of {@code expected} is in {@code actual}; where expected is not null, with the same JSON type. */
    private static void assertConforms(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNull()) {
            return;
        }
        assertThat(actual.getNodeType()).as(path + " type").isEqualTo(expected.getNodeType());
        if (expected.isIntegralNumber()) {
            assertThat(actual.isIntegralNumber()).as(path + " is a whole number").isTrue();
        }
        if (expected.isObject()) {
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                assertThat(actual.has(field.getKey())).as(path + "." + field.getKey() + " present").isTrue();
                assertConforms(field.getValue(), actual.get(field.getKey()), path + "." + field.getKey());
            }
        } else if (expected.isArray() && !expected.isEmpty()) {
            for (int i = 0; i < actual.size(); i++) {
                assertConforms(expected.get(0), actual.get(i), path + "[" + i + "]");
            }
        }
    }

    @Test
    void a_model_has_every_key_of_the_minimal_model_body() {
        JsonNode json = render(ModelView.from(ALPHA));

        assertConforms(minimal.get("model"), json, "model");
        assertThat(json.get("per_request_limits").isNull()).isTrue();
        assertThat(json.get("default_parameters").isNull()).isTrue();
        assertThat(json.get("supported_voices").isNull()).isTrue();
        assertThat(json.get("canonical_slug").asText()).isEqualTo("acme/alpha");
        assertThat(json.get("links").get("details").asText()).isEqualTo("/api/v1/models/acme/alpha/endpoints");
        assertThat(json.get("architecture").get("modality").asText()).isEqualTo("text+image->text");
        assertThat(json.get("architecture").get("tokenizer").asText()).isEqualTo("Other");
        assertThat(json.get("top_provider")).isEqualTo(JSON.valueToTree(Map.of(
                "context_length", 32000, "max_completion_tokens", 4096, "is_moderated", false)));
        assertThat(json.get("supported_parameters")).extracting(JsonNode::asText)
                .containsExactly("temperature", "tool_choice", "tools");
    }

    @Test
    void prices_are_usd_per_token_strings_of_the_first_endpoint() {
        JsonNode pricing = render(ModelView.from(ALPHA)).get("pricing");

        assertThat(pricing).isEqualTo(JSON.valueToTree(Map.of("prompt", "0.00000125", "completion", "0.00000375",
                "request", "0.0004", "image", "0", "input_cache_read", "0.000000125")));
    }

    @Test
    void leaves_out_an_unknown_tokenizer_rather_than_sending_null() {
        JsonNode architecture = render(ModelView.from(BETA)).get("architecture");

        assertThat(architecture.has("tokenizer")).isFalse();
        assertThat(render(ModelView.from(BETA)).get("top_provider").get("max_completion_tokens").isNull()).isTrue();
    }

    @Test
    void the_models_list_has_links_and_total_count() {
        JsonNode json = render(ModelsListView.from(List.of(ALPHA, BETA), ModelsQuery.ALL));

        assertConforms(minimal.get("models"), json, "models");
        assertThat(json.get("links").has("next")).isTrue();
        assertThat(json.get("links").get("next").isNull()).isTrue();
        assertThat(json.get("total_count").asInt()).isEqualTo(2);
        assertConforms(minimal.get("embModels"), render(ModelsListView.from(List.of(), ModelsQuery.ALL)), "embModels");
    }

    @Test
    void pages_with_offset_and_limit() {
        List<CatalogModel> all = List.of(ALPHA, BETA, GAMMA);

        ModelsListView page = ModelsListView.from(all, ModelsQuery.parse("1", "1", null));
        ModelsListView rest = ModelsListView.from(all, ModelsQuery.parse("2", "5", null));
        ModelsListView beyond = ModelsListView.from(all, ModelsQuery.parse("7", null, null));

        assertThat(page.data()).extracting(ModelView::id).containsExactly("acme/beta");
        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(rest.data()).extracting(ModelView::id).containsExactly("acme/gamma");
        assertThat(beyond.data()).isEmpty();
    }

    @Test
    void filters_by_supported_parameters() {
        List<CatalogModel> all = List.of(ALPHA, BETA, GAMMA);

        assertThat(ModelsListView.from(all, ModelsQuery.parse(null, null, "tools")).data()).extracting(ModelView::id)
                .containsExactly("acme/alpha", "acme/gamma");
        ModelsListView both = ModelsListView.from(all, ModelsQuery.parse(null, null, "tools, temperature"));
        assertThat(both.data()).extracting(ModelView::id).containsExactly("acme/alpha");
        assertThat(both.totalCount()).isEqualTo(1);
    }

    @Test
    void rejects_bad_paging_values_with_a_400_naming_the_parameter() {
        assertThatThrownBy(() -> ModelsQuery.parse("-1", null, null)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).isEqualTo("offset: must be a non-negative whole number");
        });
        assertThatThrownBy(() -> ModelsQuery.parse(null, "0", null)).hasMessage("limit: must be a positive whole number");
        assertThatThrownBy(() -> ModelsQuery.parse(null, "ten", null)).hasMessage("limit: must be a positive whole number");
    }

    @Test
    void endpoints_have_every_key_of_the_minimal_endpoints_body() {
        JsonNode json = render(EndpointsView.from(ALPHA));

        assertConforms(minimal.get("endpoints"), json, "endpoints");
        JsonNode data = json.get("data");
        assertThat(data.get("architecture").get("instruct_type").isNull()).isTrue();
        assertThat(render(EndpointsView.from(BETA)).get("data").get("architecture").get("tokenizer").isNull())
                .as("required here, null when unknown").isTrue();
        JsonNode fake = data.get("endpoints").get(0);
        JsonNode keyed = data.get("endpoints").get(1);
        for (String key : List.of("uptime_last_5m", "uptime_last_30m", "uptime_last_1d", "latency_last_30m",
                "throughput_last_30m", "max_prompt_tokens", "quantization")) {
            assertThat(fake.get(key).isNull()).as(key).isTrue();
        }
        assertThat(fake.get("name").asText()).isEqualTo("Fake | acme/alpha");
        assertThat(fake.get("tag").asText()).isEqualTo("fake");
        assertThat(fake.get("status").asInt()).isZero();
        assertThat(fake.get("supports_implicit_caching").asBoolean()).isTrue();
        assertThat(fake.get("supports_tool_choice").get("required").asBoolean()).isTrue();
        assertThat(keyed.get("supports_implicit_caching").asBoolean()).as("Anthropic caches only on request").isFalse();
        assertThat(keyed.get("supports_tool_choice").get("auto").asBoolean()).isFalse();
        assertThat(keyed.get("pricing").get("input_cache_write").asText()).isEqualTo("0.0000028125");
        assertThat(keyed.get("max_completion_tokens").isNull()).isTrue();
        assertThat(json.toString()).doesNotContain("secret");
    }

    @Test
    void endpoints_carry_what_health_measured_as_numbers_and_percentile_objects() {
        CatalogEndpoint open = ALPHA.endpoints().get(1);
        EndpointsView.Percentiles latency = new EndpointsView.Percentiles(210.5, 300, 450, 900);
        EndpointsView.Percentiles throughput = new EndpointsView.Percentiles(60, 55, 40, 12);
        JsonNode json = render(EndpointsView.from(ALPHA, id -> id.equals(open.id())
                ? new EndpointFigures(EndpointFigures.STATUS_CIRCUIT_OPEN, 0.0, 97.5, 99.25, latency, throughput)
                : EndpointFigures.UNMEASURED));

        assertConforms(minimal.get("endpoints"), json, "endpoints");
        JsonNode measured = json.get("data").get("endpoints").get(1);
        assertThat(measured.get("status").asInt()).isEqualTo(-1);
        assertThat(measured.get("uptime_last_5m").isNumber()).isTrue();
        assertThat(measured.get("uptime_last_30m").asDouble()).isEqualTo(97.5);
        assertThat(measured.get("uptime_last_1d").asDouble()).isEqualTo(99.25);
        for (String p : List.of("p50", "p75", "p90", "p99")) {
            assertThat(measured.get("latency_last_30m").get(p).isNumber()).as(p).isTrue();
            assertThat(measured.get("throughput_last_30m").get(p).isNumber()).as(p).isTrue();
        }
        assertThat(measured.get("latency_last_30m").get("p50").asDouble()).isEqualTo(210.5);
        assertThat(measured.get("throughput_last_30m").get("p99").asDouble()).isEqualTo(12.0);
        JsonNode unmeasured = json.get("data").get("endpoints").get(0);
        assertThat(unmeasured.get("status").asInt()).isZero();
        assertThat(unmeasured.get("uptime_last_30m").isNull()).isTrue();
    }

    @Test
    void providers_have_name_slug_and_privacy_policy_url() {
        List<CatalogProvider> providers = List.of(
                new CatalogProvider("acme", "Acme", WireFormat.OPENAI, "https://acme.test", null, DataCollection.DENY, false, null, true),
                new CatalogProvider("keyed", "Keyed", WireFormat.ANTHROPIC, "https://k.test", "K", DataCollection.ALLOW, false,
                        "https://k.test/privacy", true));

        JsonNode json = render(ProvidersView.from(providers));

        assertConforms(minimal.get("providers"), json, "providers");
        assertThat(json.get("data").get(0).get("privacy_policy_url").isNull()).isTrue();
        assertThat(json.get("data").get(1).get("privacy_policy_url").asText()).isEqualTo("https://k.test/privacy");
    }
}
