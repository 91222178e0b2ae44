package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/**
 * Token usage, with OpenRouter's {@code cost} (USD), {@code is_byok} and {@code cost_details}, and DeepSeek's
 * {@code prompt_cache_hit_tokens} / {@code prompt_cache_miss_tokens}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CompletionUsage(
        Integer promptTokens,
        Integer completionTokens,
        Integer totalTokens,
        PromptTokensDetails promptTokensDetails,
        CompletionTokensDetails completionTokensDetails,
        BigDecimal cost,
        Boolean isByok,
        CostDetails costDetails,
        Integer promptCacheHitTokens,
        Integer promptCacheMissTokens) {

    /** {@code prompt_tokens_details}; {@code cache_write_tokens} is OpenRouter's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PromptTokensDetails(Integer cachedTokens, Integer cacheWriteTokens) {
    }

    /** {@code completion_tokens_details}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CompletionTokensDetails(Integer reasoningTokens) {
    }

    /** OpenRouter's {@code cost_details}: when sent, the prompt and completion parts are required numbers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CostDetails(
            @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal upstreamInferenceCost,
            BigDecimal upstreamInferencePromptCost,
            BigDecimal upstreamInferenceCompletionsCost) {
    }
}
