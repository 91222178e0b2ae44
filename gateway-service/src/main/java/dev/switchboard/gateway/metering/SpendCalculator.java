package dev.switchboard.gateway.metering;

import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.catalog.PriceSheet;

/**
 * Exact cost arithmetic. Prices are pico-USD per token; a request's cost is summed exactly in pico-USD and
 * rounded once, half up, to nano-USD. Cached prompt tokens are billed at the cache-read price and cache
 * writes at the cache-write price (each falling back to the prompt price when the endpoint has none).
 */
public final class SpendCalculator {

    private static final long PICO_PER_NANO = 1_000L;

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

}
