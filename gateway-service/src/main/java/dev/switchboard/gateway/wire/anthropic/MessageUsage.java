package dev.switchboard.gateway.wire.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/**
 * Anthropic's usage: {@code input_tokens} EXCLUDES the tokens read from or written to the prompt cache.
 * In a stream, {@code message_delta}'s usage is cumulative. {@code cost} (USD) is our addition on the public
 * {@code /api/v1/messages}, as OpenRouter adds it to chat usage; Anthropic never sends it. So is
 * {@code input_tokens_estimated: true}, on a streamed {@code message_start} whose input count is the gateway's own
 * (the upstream reports usage only at the end); {@code message_delta} then carries the provider's figure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageUsage(Integer inputTokens, Integer cacheCreationInputTokens, Integer cacheReadInputTokens,
                           Integer outputTokens, BigDecimal cost, Boolean inputTokensEstimated) {

    public MessageUsage(Integer inputTokens, Integer cacheCreationInputTokens, Integer cacheReadInputTokens,
                        Integer outputTokens, BigDecimal cost) {
        this(inputTokens, cacheCreationInputTokens, cacheReadInputTokens, outputTokens, cost, null);
    }
}
