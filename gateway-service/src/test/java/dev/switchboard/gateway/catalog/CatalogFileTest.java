package dev.switchboard.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.catalog.CatalogFile.EndpointEntry;
import dev.switchboard.gateway.catalog.CatalogFile.ModelEntry;
import dev.switchboard.gateway.providers.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CatalogFileTest {

    private static final Function<String, Optional<String>> NO_CONFIG = name -> Optional.empty();

    private static final String PROVIDERS = """
            providers:
              - {id: acme, name: Acme, api: openai, base_url: "https://api.acme.test/v1/", api_key_env: ACME_API_KEY}
              - {id: local, name: Local, api: anthropic, base_url: "http://127.0.0.1:9000", data_collection: allow, zdr: true}
            """;

    private static CatalogFile parse(String yaml) {
        return CatalogFile.parse(yaml, "test.yaml", NO_CONFIG);
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (CatalogException e) {
            return e.problems();
        }
        throw new AssertionError("expected the catalog to be rejected");
    }

    private static String model(String endpointFields) {
        return PROVIDERS + """
                models:
                  - id: acme/m1
                    name: M1
                    context_length: 8192
                    endpoints:
                      - provider: acme
                        upstream_model: m1
                """ + endpointFields.indent(8);
    }

    @Test
    void parses_providers_models_and_endpoints() {
        CatalogFile file = parse(model("""
                pricing: {prompt: 2.50, completion: 10, cache_read: 1.25}
                max_output: 4096
                supported_parameters: [tools, temperature]
                quantization: fp8
                """));

        assertThat(file.providers()).hasSize(2);
        assertThat(file.providers().get(0).format()).isEqualTo(WireFormat.OPENAI);
        assertThat(file.providers().get(0).baseUrl()).isEqualTo("https://api.acme.test/v1");
        assertThat(file.providers().get(0).apiKeyEnv()).isEqualTo("ACME_API_KEY");
        assertThat(file.providers().get(0).dataCollection()).isEqualTo(DataCollection.DENY);
        assertThat(file.providers().get(1).apiKeyEnv()).isNull();
        assertThat(file.providers().get(1).dataCollection()).isEqualTo(DataCollection.ALLOW);
        assertThat(file.providers().get(1).zdr()).isTrue();
        assertThat(file.providers().get(0).zdr()).as("zdr is false unless the catalog says so").isFalse();
        ModelEntry m = file.models().getFirst();
        assertThat(m.kind()).isEqualTo(ModelKind.CHAT);
        assertThat(m.inputModalities()).containsExactly("text");
        assertThat(m.outputModalities()).containsExactly("text");
        assertThat(m.description()).isEmpty();
        EndpointEntry e = m.endpoints().getFirst();
        assertThat(e.pricing()).isEqualTo(new PriceSheet(2_500_000, 10_000_000, 1_250_000L, null, 0, 0));
        assertThat(e.contextLength()).as("defaults to the model's").isEqualTo(8192);
        assertThat(e.maxOutput()).isEqualTo(4096);
        assertThat(e.supportedParameters()).containsExactly("tools", "temperature");
        assertThat(e.quantization()).isEqualTo("fp8");
    }

    @Test
    void converts_prices_exactly_without_floating_point() {
        PriceSheet p = parse(model("""
                pricing: {prompt: 0.01875, completion: "0.000001", cache_read: 0.1, cache_write: 3.75, request: 0.005, image: 0.001238}
                supported_parameters: []
                """)).models().getFirst().endpoints().getFirst().pricing();

        assertThat(p.prompt()).isEqualTo(18_750);
        assertThat(p.completion()).isEqualTo(1);
        assertThat(p.cacheRead()).isEqualTo(100_000);
        assertThat(p.cacheWrite()).isEqualTo(3_750_000);
        assertThat(p.request()).as("USD per request").isEqualTo(5_000_000_000L);
        assertThat(p.image()).as("USD per image").isEqualTo(1_238_000_000L);
    }

    @Test
    void rejects_a_price_finer_than_one_pico_dollar_per_token() {
        assertThat(problems(model("""
                pricing: {prompt: 0.0000001, completion: 1}
                supported_parameters: []
                """))).containsExactly(
                "models[0].endpoints[0].pricing.prompt: must have at most 6 decimal places (1 pico-USD per token)");
    }

    @Test
    void rejects_negative_or_non_numeric_prices_naming_their_path() {
        assertThat(problems(model("""
                pricing: {prompt: -1, completion: abc, request: [1]}
                supported_parameters: []
                """))).containsExactly(
                "models[0].endpoints[0].pricing.prompt: must be a non-negative decimal",
                "models[0].endpoints[0].pricing.completion: must be a non-negative decimal",
                "models[0].endpoints[0].pricing.request: must be a non-negative decimal");
    }

    @Test
    void names_the_path_of_every_problem_in_one_report() {
        String yaml = """
                providers:
                  - {id: acme, name: Acme, api: openai, base_url: "https://a.test"}
                  - {id: acme, name: Acme again, api: openai, base_url: "https://b.test"}
                  - {id: Bad_Id, name: Bad, api: cohere, base_url: "ftp://x.test", api_key_env: "not-an-env", colour: red}
                models:
                  - id: acme/m1
                    name: M1
                    context_length: 0
                    kind: audio
                    input_modalities: [text, smell]
                    endpoints: []
                  - id: acme/m1
                    name: M1 again
                    context_length: 100
                    endpoints:
                      - {provider: acme, upstream_model: m1, pricing: {prompt: 1, completion: 1}, supported_parameters: [tools]}
                  - id: gpt-4o
                    context_length: 100
                    endpoints:
                      - {provider: nobody, upstream_model: x, pricing: {prompt: 1, completion: 1}, supported_parameters: [tool]}
                      - {provider: acme, upstream_model: y, pricing: {prompt: 1, completion: 1}, supported_parameters: [],
                         quantization: fp7, max_output: -5}
                      - {provider: acme, upstream_model: z, pricing: {prompt: 1, completion: 1}, supported_parameters: []}
                  - id: acme/m2:free
                    name: M2
                    context_length: 100
                    endpoints:
                      - {provider: acme, upstream_model: m2, supported_parameters: []}
                """;

        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "providers[2].id: must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
                "providers[2].api: must be one of openai, anthropic, gemini, got \"cohere\"",
                "providers[2].base_url: must be an http(s) URL without query or fragment, got \"ftp://x.test\"",
                "providers[2].api_key_env: must be an environment variable name such as OPENAI_API_KEY",
                "providers[2].colour: unknown key (allowed: api, api_key_env, base_url, data_collection, id, name, privacy_policy_url, zdr)",
                "providers[1].id: duplicate provider id \"acme\"",
                "models[0].context_length: must be a positive whole number",
                "models[0].kind: must be one of chat, embedding, got \"audio\"",
                "models[0].input_modalities[1]: must be one of audio, file, image, text, video",
                "models[0].endpoints: must list at least one endpoint",
                "models[1].id: duplicate model id \"acme/m1\"",
                "models[2].id: model id \"gpt-4o\" must look like author/slug",
                "models[2].name: is required",
                "models[2].endpoints[0].provider: unknown provider \"nobody\" (not in providers)",
                "models[2].endpoints[0].supported_parameters[0]: unknown parameter \"tool\"",
                "models[2].endpoints[1].max_output: must be a positive whole number",
                "models[2].endpoints[1].quantization: must be one of bf16, fp16, fp32, fp4, fp6, fp8, int4, int8, unknown",
                "models[2].endpoints[2].provider: the model already has an endpoint at \"acme\"",
                "models[3].id: must be author/slug without a ':' variant (variants are chosen per request)",
                "models[3].endpoints[0].pricing: is required");
    }

    @Test
    void rejects_unknown_keys_and_nulls() {
        assertThat(problems(model("""
                pricing: {prompt: 1, completion: 1, cached: 0.5}
                supported_parameters: []
                max_output: null
                """))).containsExactly(
                "models[0].endpoints[0].pricing.cached: unknown key (allowed: cache_read, cache_write, completion, image, prompt, request)",
                "models[0].endpoints[0].max_output: must not be null (leave the key out instead)");
    }

    @Test
    void requires_providers_and_models_at_the_top() {
        assertThat(problems("models: []\nextra: 1\n")).containsExactly(
                "providers: is required", "extra: unknown key (allowed: models, providers)");
        assertThat(problems("- just a list")).containsExactly("(root): must be a mapping with keys providers and models");
    }

    @Test
    void reports_yaml_syntax_errors_and_duplicate_keys() {
        assertThat(problems("providers: [\n")).singleElement().asString().startsWith("not valid YAML");
        assertThat(problems("providers: []\nproviders: []\nmodels: []\n")).singleElement().asString()
                .startsWith("not valid YAML").contains("providers");
    }

    @Test
    void resolves_placeholders_in_base_urls_from_config() {
        Map<String, String> config = Map.of("fake.url", "http://127.0.0.1:41234");
        String yaml = """
                providers:
                  - {id: a, name: A, api: openai, base_url: "${fake.url}/openai/v1"}
                  - {id: b, name: B, api: gemini, base_url: "${missing.url:http://127.0.0.1:8090}/gemini"}
                models: []
                """;

        CatalogFile file = CatalogFile.parse(yaml, "t", name -> Optional.ofNullable(config.get(name)));

        assertThat(file.providers()).extracting(CatalogFile.ProviderEntry::baseUrl)
                .containsExactly("http://127.0.0.1:41234/openai/v1", "http://127.0.0.1:8090/gemini");
    }

    @Test
    void reports_a_placeholder_without_value_or_default() {
        assertThat(problems("""
                providers:
                  - {id: a, name: A, api: openai, base_url: "${nowhere.url}/v1"}
                models: []
                """)).containsExactly("providers[0].base_url: ${nowhere.url} is not set and has no default");
    }

    @Test
    void gives_embedding_models_the_embeddings_output_modality() {
        CatalogFile file = parse(PROVIDERS + """
                models:
                  - id: acme/embed
                    name: Embed
                    kind: embedding
                    context_length: 8192
                    endpoints:
                      - {provider: acme, upstream_model: e, pricing: {prompt: 0.02, completion: 0}, context_length: 512,
                         supported_parameters: [dimensions]}
                """);

        ModelEntry m = file.models().getFirst();
        assertThat(m.kind()).isEqualTo(ModelKind.EMBEDDING);
        assertThat(m.outputModalities()).containsExactly("embeddings");
        assertThat(m.endpoints().getFirst().contextLength()).isEqualTo(512);
    }

    @Test
    void the_default_catalog_is_valid() throws IOException {
        String yaml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CatalogConfig.DEFAULT_RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        CatalogFile file = CatalogFile.parse(yaml, CatalogConfig.DEFAULT_RESOURCE, NO_CONFIG);

        assertThat(file.models()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(file.models()).extracting(ModelEntry::id).contains("openai/gpt-4o", "anthropic/claude-sonnet-4.5",
                "google/gemini-2.5-flash", "meta-llama/llama-3.3-70b-instruct", "switchboard/echo",
                "switchboard/echo-anthropic", "switchboard/echo-gemini", "switchboard/echo-embed");
        assertThat(file.providers()).filteredOn(p -> p.id().startsWith("fake"))
                .allSatisfy(p -> assertThat(p.apiKeyEnv()).isNull())
                .extracting(CatalogFile.ProviderEntry::baseUrl).containsExactly("http://127.0.0.1:8090/openai/v1", "http://127.0.0.1:8090/openai/v1",
                        "http://127.0.0.1:8090/anthropic", "http://127.0.0.1:8090/gemini");
        ModelEntry sonnet = file.models().stream().filter(m -> m.id().equals("anthropic/claude-sonnet-4.5")).findFirst().orElseThrow();
        assertThat(sonnet.endpoints().getFirst().upstreamModel()).isEqualTo("claude-sonnet-4-5");
        assertThat(sonnet.endpoints().getFirst().pricing()).isEqualTo(new PriceSheet(3_000_000, 15_000_000, 300_000L, 3_750_000L, 0, 0));
        ModelEntry llama = file.models().stream().filter(m -> m.id().startsWith("meta-llama/")).findFirst().orElseThrow();
        assertThat(llama.endpoints()).hasSize(2);
        ModelEntry embed = file.models().stream().filter(m -> m.id().equals("switchboard/echo-embed")).findFirst().orElseThrow();
        assertThat(embed.endpoints().getFirst().pricing().prompt()).isEqualTo(18_750);
    }
}
