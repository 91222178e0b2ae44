package dev.switchboard.gateway.canonical;

/**
 * Token usage as the provider reported it, normalised:
 * {@code promptTokens} counts every input token including cached ones and cache writes;
 * {@code completionTokens} counts every output token including reasoning tokens.
 *
 * @param cachedPromptTokens  input tokens read from the provider's prompt cache (billed at the cache-read price)
 * @param cacheWriteTokens    input tokens written to the provider's prompt cache (billed at the cache-write price)
 * @param reasoningTokens     output tokens spent on reasoning (part of completionTokens)
 */
public record Usage(int promptTokens, int completionTokens, int cachedPromptTokens, int cacheWriteTokens, int reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
