package dev.switchboard.gateway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.gateway.providers.WireFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The body of {@code GET /api/v1/models/{author}/{slug}/endpoints}: the model and its serving endpoints, with every
 * key the official SDK requires. Status, uptime, latency and throughput come from routing's health
 * ({@link EndpointFigures}); each is {@code null} while nothing was measured.
 */
public record EndpointsView(Data data) {

    @JsonInclude(Include.ALWAYS)
    public record Data(String id, String name, long created, String description, Architecture architecture,
                       List<Endpoint> endpoints) {
    }

    /** Here all five keys are required, {@code tokenizer} and {@code instruct_type} as null when unknown. */
    @JsonInclude(Include.ALWAYS)
    public record Architecture(String modality,
                               @JsonProperty("input_modalities") List<String> inputModalities,
                               @JsonProperty("output_modalities") List<String> outputModalities,
                               String tokenizer,
                               @JsonProperty("instruct_type") String instructType) {
    }

    @JsonInclude(Include.ALWAYS)
    public record Endpoint(String name,
                           @JsonProperty("model_id") String modelId,
                           @JsonProperty("model_name") String modelName,
                           @JsonProperty("context_length") int contextLength,
                           PricingView pricing,
                           @JsonProperty("provider_name") String providerName,
                           String tag,
                           String quantization,
                           @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
                           @JsonProperty("max_prompt_tokens") Integer maxPromptTokens,
                           @JsonProperty("supported_parameters") List<String> supportedParameters,
                           int status,
                           @JsonProperty("uptime_last_5m") Double uptimeLast5m,
                           @JsonProperty("uptime_last_30m") Double uptimeLast30m,
                           @JsonProperty("uptime_last_1d") Double uptimeLast1d,
                           @JsonProperty("latency_last_30m") Percentiles latencyLast30m,
                           @JsonProperty("throughput_last_30m") Percentiles throughputLast30m,
                           @JsonProperty("supports_implicit_caching") boolean supportsImplicitCaching,
                           @JsonProperty("supports_tool_choice") ToolChoiceSupport supportsToolChoice) {
    }

    public record Percentiles(double p50, double p75, double p90, double p99) {
    }

    public record ToolChoiceSupport(boolean auto, boolean function, boolean none, boolean required) {

        static final ToolChoiceSupport ALL = new ToolChoiceSupport(true, true, true, true);
        static final ToolChoiceSupport NONE = new ToolChoiceSupport(false, false, false, false);
    }

    /** Without measurements: every endpoint serving, uptime, latency and throughput null. */
    public static EndpointsView from(CatalogModel model) {
        return from(model, id -> EndpointFigures.UNMEASURED);
    }

    /** @param figures what health has measured of each endpoint, by {@link CatalogEndpoint#id()} */
    public static EndpointsView from(CatalogModel model, Function<UUID, EndpointFigures> figures) {
        List<Endpoint> endpoints = model.endpoints().stream().map(e -> endpoint(model, e, figures.apply(e.id()))).toList();
        return new EndpointsView(new Data(model.id(), model.name(), model.created(), model.description(),
                new Architecture(model.modality(), model.inputModalities(), model.outputModalities(), model.tokenizer(), null),
                endpoints));
    }

    private static Endpoint endpoint(CatalogModel model, CatalogEndpoint e, EndpointFigures f) {
        // OpenAI- and Gemini-format providers cache repeated prompt prefixes on their own when they price cache reads;
        // Anthropic caches only what the request marks with cache_control.
        boolean implicitCaching = e.prices().cacheRead() != null && e.format() != WireFormat.ANTHROPIC;
        return new Endpoint(e.providerName() + " | " + model.id(), model.id(), model.name(), e.contextLength(),
                PricingView.from(e.prices()), e.providerName(), e.providerId(), e.quantization(), e.maxOutput(), null,
                e.supportedParameters().stream().sorted().toList(), f.status(), f.uptime5m(), f.uptime30m(), f.uptime1d(),
                f.latency(), f.throughput(), implicitCaching, e.supports("tool_choice") ? ToolChoiceSupport.ALL : ToolChoiceSupport.NONE);
    }
}
