package dev.switchboard.gateway.metering;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.catalog.PriceSheet;
import java.nio.charset.StandardCharsets;

/**
 * Exact cost arithmetic. Prices are pico-USD per token; a request's cost is summed exactly in pico-USD and
 * rounded once, half up, to nano-USD. Cached prompt tokens are billed at the cache-read price and cache
 * writes at the cache-write price (each falling back to the prompt price when the endpoint has none).
 */
public final class SpendCalculator {

    private static final long PICO_PER_NANO = 1_000L;
    /** Tokens reserved per image when estimating a prompt (generous: a high-detail image costs ~765–1 600). */
    private static final int IMAGE_TOKENS_ESTIMATE = 1_600;

    private SpendCalculator() {
    }

    /** The exact cost of {@code usage} at {@code prices}, in nano-USD. */
    public static long costNanos(Usage usage, PriceSheet prices) {
        long cached = usage.cachedPromptTokens();
        long cacheWrites = usage.cacheWriteTokens();
        long uncached = Math.max(usage.promptTokens() - cached - cacheWrites, 0);
        long pico = Math.addExact(Math.multiplyExact(uncached, prices.prompt()),
                Math.addExact(Math.multiplyExact(cached, prices.cacheReadOrPrompt()),
                        Math.addExact(Math.multiplyExact(cacheWrites, prices.cacheWriteOrPrompt()),
                                Math.addExact(Math.multiplyExact((long) usage.completionTokens(), prices.completion()), prices.request()))));
        return roundToNanos(pico);
    }

    /** The part of {@link #costNanos} due to input tokens (cache reads and writes included), rounded the same way. */
    public static long promptCostNanos(Usage usage, PriceSheet prices) {
        long cached = usage.cachedPromptTokens();
        long cacheWrites = usage.cacheWriteTokens();
        long uncached = Math.max(usage.promptTokens() - cached - cacheWrites, 0);
        return roundToNanos(Math.addExact(Math.multiplyExact(uncached, prices.prompt()),
                Math.addExact(Math.multiplyExact(cached, prices.cacheReadOrPrompt()), Math.multiplyExact(cacheWrites, prices.cacheWriteOrPrompt()))));
    }

    /** The most a request can cost: every prompt token at the dearest input price, and the full output allowance. */
    public static long worstCaseNanos(int promptTokensEstimate, int maxOutputTokens, PriceSheet prices) {
        long inputPrice = Math.max(prices.prompt(), prices.cacheWriteOrPrompt());
        long pico = Math.addExact(Math.multiplyExact((long) promptTokensEstimate, inputPrice),
                Math.addExact(Math.multiplyExact((long) maxOutputTokens, prices.completion()), prices.request()));
        return Math.floorDiv(pico + PICO_PER_NANO - 1, PICO_PER_NANO);
    }

    static long roundToNanos(long pico) {
        return Math.floorDiv(pico + PICO_PER_NANO / 2, PICO_PER_NANO);
    }

    /**
     * A deliberately generous upper estimate of a request's prompt tokens, used only to reserve credit: one
     * token per 3 bytes of UTF-8 text (real tokenizers average ~4 for English), plus per-message overhead,
     * tool schemas and images.
     */
    public static int estimatePromptTokens(ChatRequest request) {
        long bytes = 0;
        int images = 0;
        for (Message m : request.messages()) {
            bytes += 16;
            for (ContentPart part : m.content()) {
                switch (part) {
                    case ContentPart.Text t -> bytes += t.text().getBytes(StandardCharsets.UTF_8).length;
                    case ContentPart.ToolUse u -> bytes += u.name().length() + u.argumentsJson().getBytes(StandardCharsets.UTF_8).length;
                    case ContentPart.ToolResult r -> bytes += r.content().getBytes(StandardCharsets.UTF_8).length;
                    case ContentPart.Image ignored -> images++;
                }
            }
        }
        for (var tool : request.tools()) {
            bytes += tool.name().length() + (tool.description() == null ? 0 : tool.description().length())
                    + (tool.parameters() == null ? 0 : tool.parameters().toString().length());
        }
        long tokens = (bytes + 2) / 3 + (long) images * IMAGE_TOKENS_ESTIMATE + 8;
        return (int) Math.min(tokens, Integer.MAX_VALUE);
    }

    /**
     * Tokens of text the provider produced but did not count (no usage reported, or a cancelled stream):
     * one per 4 bytes, at least one per word. The generation is marked as estimated.
     */
    public static int estimateTokens(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        int words = text.trim().isEmpty() ? 0 : text.trim().split("\\s+").length;
        return Math.max((bytes + 3) / 4, words);
    }
}
