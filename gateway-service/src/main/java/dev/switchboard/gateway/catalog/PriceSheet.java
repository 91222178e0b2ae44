package dev.switchboard.gateway.catalog;

import dev.switchboard.schema.shared.PicoUsd;

/**
 * An endpoint's prices in pico-USD (10^-12 USD): per token for prompt, completion and the cache prices,
 * per request for {@code request}, per input image for {@code image}. Exact, never floating point.
 *
 * @param cacheRead  price of a prompt token read from the provider's cache; {@code null} when the provider
 *                   has no cache discount (then {@link #cacheReadOrPrompt()} bills it as a prompt token)
 * @param cacheWrite price of a prompt token written to the cache; {@code null} means the prompt price
 */
public record PriceSheet(long prompt, long completion, Long cacheRead, Long cacheWrite, long request, long image) {

    public static final PriceSheet FREE = new PriceSheet(0, 0, null, null, 0, 0);

    public PriceSheet {
        requireNonNegative("prompt", prompt);
        requireNonNegative("completion", completion);
        requireNonNegative("request", request);
        requireNonNegative("image", image);
        if (cacheRead != null) {
            requireNonNegative("cacheRead", cacheRead);
        }
        if (cacheWrite != null) {
            requireNonNegative("cacheWrite", cacheWrite);
        }
    }

    /** The price of a cached prompt token: the cache-read price, else the prompt price. */
    public long cacheReadOrPrompt() {
        return cacheRead != null ? cacheRead : prompt;
    }

    /** The price of a prompt token written to the cache: the cache-write price, else the prompt price. */
    public long cacheWriteOrPrompt() {
        return cacheWrite != null ? cacheWrite : prompt;
    }

    public PicoUsd promptPrice() {
        return new PicoUsd(prompt);
    }

    public PicoUsd completionPrice() {
        return new PicoUsd(completion);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " price cannot be negative: " + value);
        }
    }
}
