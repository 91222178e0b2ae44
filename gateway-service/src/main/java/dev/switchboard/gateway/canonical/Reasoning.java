package dev.switchboard.gateway.canonical;

/**
 * OpenRouter's {@code reasoning} object: an effort ("minimal" | "low" | "medium" | "high") or a token budget;
 * {@code exclude} keeps the reasoning out of the response (it is still billed).
 */
public record Reasoning(String effort, Integer maxTokens, Boolean exclude, Boolean enabled) {
}
