package dev.switchboard.gateway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One model of {@code GET /api/v1/models} (and {@code /api/v1/embeddings/models}), in the shape the official
 * OpenRouter SDK requires: every key below is present, those allowed to be null included. Prices are those of the
 * model's first serving endpoint.
 */
@JsonInclude(Include.ALWAYS)
public record ModelView(String id,
                        @JsonProperty("canonical_slug") String canonicalSlug,
                        String name,
                        long created,
                        String description,
                        @JsonProperty("context_length") Integer contextLength,
                        Architecture architecture,
                        PricingView pricing,
                        @JsonProperty("top_provider") TopProvider topProvider,
                        @JsonProperty("per_request_limits") Object perRequestLimits,
                        @JsonProperty("default_parameters") Object defaultParameters,
                        @JsonProperty("supported_parameters") List<String> supportedParameters,
                        @JsonProperty("supported_voices") List<String> supportedVoices,
                        Links links) {

    /** {@code tokenizer} is left out when unknown: the SDK accepts a missing key here but not a null. */
    @JsonInclude(Include.ALWAYS)
    public record Architecture(String modality,
                               @JsonProperty("input_modalities") List<String> inputModalities,
                               @JsonProperty("output_modalities") List<String> outputModalities,
                               @JsonInclude(Include.NON_NULL) String tokenizer,
                               @JsonProperty("instruct_type") String instructType) {
    }

    @JsonInclude(Include.ALWAYS)
    public record TopProvider(@JsonProperty("context_length") Integer contextLength,
                              @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
                              @JsonProperty("is_moderated") boolean isModerated) {
    }

    public record Links(String details) {
    }

    public static ModelView from(CatalogModel model) {
        CatalogEndpoint top = model.topEndpoint().orElse(null);
        return new ModelView(model.id(), model.id(), model.name(), model.created(), model.description(),
                model.contextLength(),
                new Architecture(model.modality(), model.inputModalities(), model.outputModalities(), model.tokenizer(), null),
                top == null ? PricingView.FREE : PricingView.from(top.prices()),
                new TopProvider(top == null ? model.contextLength() : Integer.valueOf(top.contextLength()),
                        top == null ? null : top.maxOutput(), false),
                null, null, List.copyOf(model.supportedParameters()), null,
                new Links(detailsPath(model.id())));
    }

    /** Where the SDK's {@code endpoints.list} finds this model's endpoints. */
    public static String detailsPath(String modelId) {
        return "/api/v1/models/" + modelId + "/endpoints";
    }
}
