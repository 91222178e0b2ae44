package dev.switchboard.gateway.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.gateway.catalog.CatalogFile.EndpointEntry;
import dev.switchboard.gateway.catalog.CatalogFile.ModelEntry;
import dev.switchboard.gateway.catalog.CatalogFile.ProviderEntry;
import dev.switchboard.gateway.providers.WireFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads the catalog YAML into a tree (floats as exact BigDecimals) and validates it into a {@link CatalogFile}. */
final class CatalogFileParser {

    static final Set<String> INPUT_MODALITIES = Set.of("text", "image", "file", "audio", "video");
    static final Set<String> OUTPUT_MODALITIES = Set.of("text", "image", "audio", "embeddings");
    static final Set<String> QUANTIZATIONS = Set.of("int4", "int8", "fp4", "fp6", "fp8", "fp16", "bf16", "fp32", "unknown");
    /** The OpenAI-style request parameters the gateway knows (OpenRouter's names); a typo is an error. */
    static final Set<String> PARAMETERS = Set.of("tools", "tool_choice", "parallel_tool_calls", "max_tokens", "temperature",
            "top_p", "top_k", "min_p", "top_a", "stop", "frequency_penalty", "presence_penalty", "repetition_penalty", "seed",
            "logit_bias", "logprobs", "top_logprobs", "response_format", "structured_outputs", "reasoning",
            "include_reasoning", "web_search_options", "verbosity", "user", "dimensions", "encoding_format", "input_type");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final String source;
    private final Function<String, Optional<String>> config;
    private final List<String> problems = new ArrayList<>();

    CatalogFileParser(String source, Function<String, Optional<String>> config) {
        this.source = source;
        this.config = config;
    }

    CatalogFile parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new CatalogException(source, List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        }
        if (root == null || !root.isObject()) {
            throw new CatalogException(source, List.of("(root): must be a mapping with keys providers and models"));
        }
        Fields top = new Fields(root, "", problems);
        List<ProviderEntry> providers = new ArrayList<>();
        Set<String> providerIds = new HashSet<>();
        for (Fields.Item item : top.list("providers", true)) {
            rawId(item).filter(id -> !providerIds.add(id))
                    .ifPresent(id -> problems.add(item.path() + ".id: duplicate provider id \"" + id + "\""));
            readProvider(item.node(), item.path()).ifPresent(providers::add);
        }
        List<ModelEntry> models = new ArrayList<>();
        Set<String> modelIds = new HashSet<>();
        for (Fields.Item item : top.list("models", true)) {
            rawId(item).filter(id -> !modelIds.add(id))
                    .ifPresent(id -> problems.add(item.path() + ".id: duplicate model id \"" + id + "\""));
            readModel(item.node(), item.path(), providerIds).ifPresent(models::add);
        }
        top.rejectUnknown(Set.of("providers", "models"));
        if (!problems.isEmpty()) {
            throw new CatalogException(source, problems);
        }
        return new CatalogFile(providers, models);
    }

    /** The id as written, valid or not, so duplicates and references are judged even when the entry has problems. */
    private static Optional<String> rawId(Fields.Item item) {
        JsonNode id = item.node().path("id");
        return id.isTextual() ? Optional.of(id.asText().strip()) : Optional.empty();
    }

    private Optional<ProviderEntry> readProvider(JsonNode node, String path) {
        if (!node.isObject()) {
            problems.add(path + ": must be a mapping");
            return Optional.empty();
        }
        int before = problems.size();
        Fields f = new Fields(node, path, problems);
        String id = f.text("id", true);
        if (id != null && !ModelRef.isAuthor(id)) {
            problems.add(path + ".id: must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String name = f.text("name", true);
        WireFormat format = f.oneOf("api", true, WireFormat.class);
        String baseUrl = url(f, "base_url", true, true);
        String apiKeyEnv = f.text("api_key_env", false);
        if (apiKeyEnv != null && !ENV_NAME.matcher(apiKeyEnv).matches()) {
            problems.add(path + ".api_key_env: must be an environment variable name such as OPENAI_API_KEY");
        }
        DataCollection dataCollection = f.oneOf("data_collection", false, DataCollection.class);
        Boolean zdr = f.bool("zdr");
        String privacyPolicyUrl = url(f, "privacy_policy_url", false, false);
        f.rejectUnknown(Set.of("id", "name", "api", "base_url", "api_key_env", "data_collection", "zdr", "privacy_policy_url"));
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ProviderEntry(id, name, format, baseUrl, apiKeyEnv,
                dataCollection == null ? DataCollection.DENY : dataCollection, Boolean.TRUE.equals(zdr), privacyPolicyUrl));
    }

    private Optional<ModelEntry> readModel(JsonNode node, String path, Set<String> providerIds) {
        if (!node.isObject()) {
            problems.add(path + ": must be a mapping");
            return Optional.empty();
        }
        int before = problems.size();
        Fields f = new Fields(node, path, problems);
        String id = f.text("id", true);
        if (id != null) {
            try {
                ModelRef ref = ModelRef.parse(id);
                if (ref.variant() != null) {
                    problems.add(path + ".id: must be author/slug without a ':' variant (variants are chosen per request)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(path + ".id: " + e.getMessage());
            }
        }
        String name = f.text("name", true);
        String description = f.text("description", false);
        Integer contextLength = f.positiveInt("context_length", true);
        ModelKind kind = f.oneOf("kind", false, ModelKind.class);
        kind = kind == null ? ModelKind.CHAT : kind;
        String tokenizer = f.text("tokenizer", false);
        List<String> input = modalities(f, "input_modalities", INPUT_MODALITIES, List.of("text"));
        List<String> output = modalities(f, "output_modalities", OUTPUT_MODALITIES,
                kind == ModelKind.EMBEDDING ? List.of("embeddings") : List.of("text"));
        List<EndpointEntry> endpoints = new ArrayList<>();
        Set<String> endpointProviders = new HashSet<>();
        List<Fields.Item> items = f.list("endpoints", true);
        if (items.isEmpty() && node.has("endpoints")) {
            problems.add(path + ".endpoints: must list at least one endpoint");
        }
        for (Fields.Item item : items) {
            JsonNode provider = item.node().path("provider");
            if (provider.isTextual() && !endpointProviders.add(provider.asText().strip())) {
                problems.add(item.path() + ".provider: the model already has an endpoint at \"" + provider.asText().strip() + "\"");
            }
            readEndpoint(item.node(), item.path(), providerIds, contextLength).ifPresent(endpoints::add);
        }
        f.rejectUnknown(Set.of("id", "name", "description", "context_length", "input_modalities", "output_modalities",
                "tokenizer", "kind", "endpoints"));
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ModelEntry(id, name, description == null ? "" : description, contextLength, input, output,
                tokenizer, kind, endpoints));
    }

    private Optional<EndpointEntry> readEndpoint(JsonNode node, String path, Set<String> providerIds, Integer modelContext) {
        if (!node.isObject()) {
            problems.add(path + ": must be a mapping");
            return Optional.empty();
        }
        int before = problems.size();
        Fields f = new Fields(node, path, problems);
        String provider = f.text("provider", true);
        if (provider != null && !providerIds.contains(provider)) {
            problems.add(path + ".provider: unknown provider \"" + provider + "\" (not in providers)");
        }
        String upstreamModel = f.text("upstream_model", true);
        PriceSheet pricing = pricing(f.child("pricing", true));
        Integer maxOutput = f.positiveInt("max_output", false);
        Integer contextLength = f.positiveInt("context_length", false);
        contextLength = contextLength != null ? contextLength : modelContext;
        List<String> parameters = f.textList("supported_parameters", true);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parameters.size(); i++) {
            String p = parameters.get(i);
            if (!PARAMETERS.contains(p)) {
                problems.add(path + ".supported_parameters[" + i + "]: unknown parameter \"" + p + "\"");
            } else if (!seen.add(p)) {
                problems.add(path + ".supported_parameters[" + i + "]: \"" + p + "\" is listed twice");
            }
        }
        String quantization = f.text("quantization", false);
        if (quantization != null && !QUANTIZATIONS.contains(quantization)) {
            problems.add(path + ".quantization: must be one of " + String.join(", ", new TreeSet<>(QUANTIZATIONS)));
        }
        f.rejectUnknown(Set.of("provider", "upstream_model", "pricing", "max_output", "context_length",
                "supported_parameters", "quantization"));
        if (problems.size() > before || contextLength == null) {
            return Optional.empty();
        }
        return Optional.of(new EndpointEntry(provider, upstreamModel, pricing, maxOutput, contextLength, parameters, quantization));
    }

    private PriceSheet pricing(Fields f) {
        if (f == null) {
            return null;
        }
        Long prompt = perToken(f, "prompt", true);
        Long completion = perToken(f, "completion", true);
        Long cacheRead = perToken(f, "cache_read", false);
        Long cacheWrite = perToken(f, "cache_write", false);
        Long request = perUnit(f, "request");
        Long image = perUnit(f, "image");
        f.rejectUnknown(Set.of("prompt", "completion", "cache_read", "cache_write", "request", "image"));
        if (prompt == null || completion == null || request == null || image == null) {
            return null;
        }
        return new PriceSheet(prompt, completion, cacheRead, cacheWrite, request, image);
    }

    /** USD per million tokens → pico-USD per token; at most 6 decimals (1 pico-USD per token). */
    private Long perToken(Fields f, String key, boolean required) {
        BigDecimal usdPerMillion = f.decimal(key, required);
        return usdPerMillion == null ? null : toPicos(f, key, usdPerMillion, 6, "6 decimal places (1 pico-USD per token)");
    }

    /** USD per request or image → pico-USD; defaults to 0. */
    private Long perUnit(Fields f, String key) {
        BigDecimal usd = f.decimal(key, false);
        return usd == null ? (f.has(key) ? null : 0L) : toPicos(f, key, usd, 12, "12 decimal places (1 pico-USD)");
    }

    private Long toPicos(Fields f, String key, BigDecimal value, int shift, String finest) {
        try {
            return value.movePointRight(shift).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            boolean tooFine = value.stripTrailingZeros().scale() > shift;
            problems.add(f.path(key) + (tooFine ? ": must have at most " + finest : ": is too large"));
            return null;
        }
    }

    private List<String> modalities(Fields f, String key, Set<String> allowed, List<String> defaults) {
        if (!f.has(key)) {
            return defaults;
        }
        List<String> values = f.textList(key, false);
        if (values.isEmpty()) {
            problems.add(f.path(key) + ": must list at least one modality");
        }
        for (int i = 0; i < values.size(); i++) {
            if (!allowed.contains(values.get(i))) {
                problems.add(f.path(key) + "[" + i + "]: must be one of " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        if (new LinkedHashSet<>(values).size() != values.size()) {
            problems.add(f.path(key) + ": lists a modality twice");
        }
        return values;
    }

    private String url(Fields f, String key, boolean required, boolean baseUrl) {
        String value = f.text(key, required);
        if (value == null) {
            return null;
        }
        if (baseUrl) {
            try {
                value = Placeholders.resolve(value, config);
            } catch (IllegalArgumentException e) {
                problems.add(f.path(key) + ": " + e.getMessage());
                return null;
            }
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean extras = uri.getRawQuery() != null || uri.getRawFragment() != null;
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || (baseUrl && extras)) {
                problems.add(f.path(key) + ": must be an http(s) URL" + (baseUrl ? " without query or fragment" : "")
                        + ", got \"" + value + "\"");
                return null;
            }
        } catch (URISyntaxException e) {
            problems.add(f.path(key) + ": not a URL: \"" + value + "\"");
            return null;
        }
        return baseUrl ? value.replaceAll("/+$", "") : value;
    }
}
