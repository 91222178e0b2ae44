package dev.switchboard.gateway.wire.openai.responses;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.switchboard.gateway.wire.openai.CompletionUsage;
import java.math.BigDecimal;

/**
 * A response's {@code usage}: OpenAI's token counts ({@code input_tokens} includes cached tokens and cache writes,
 * {@code output_tokens} includes reasoning tokens) with OpenRouter's {@code cost} (USD), {@code is_byok} and
 * {@code cost_details}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponseUsage(
        int inputTokens,
        InputTokensDetails inputTokensDetails,
        int outputTokens,
        OutputTokensDetails outputTokensDetails,
        int totalTokens,
        BigDecimal cost,
        boolean isByok,
        CompletionUsage.CostDetails costDetails) {

    /** {@code {"cached_tokens", "cache_write_tokens"}} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InputTokensDetails(int cachedTokens, int cacheWriteTokens) {
    }

    /** {@code {"reasoning_tokens"}} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OutputTokensDetails(int reasoningTokens) {
    }
}
