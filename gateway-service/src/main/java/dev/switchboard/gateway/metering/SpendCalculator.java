package dev.switchboard.gateway.metering;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.catalog.PriceSheet;

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
                    case ContentPart.Text t -> bytes += utf8Length(t.text());
                    case ContentPart.ToolUse u -> bytes += u.name().length() + utf8Length(u.argumentsJson());
                    case ContentPart.ToolResult r -> bytes += utf8Length(r.content());
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
     * one per 4 bytes of UTF-8, at least one per word. The generation is marked as estimated. One pass over
     * the characters, nothing allocated: it runs on an event loop, over texts of megabytes.
     */
    public static int estimateTokens(CharSequence text) {
        return new TokenCount().add(text).tokens();
    }

    /**
     * {@link #estimateTokens} of the prompt's text (each message's texts followed by a newline), counted without
     * building that text: what a provider that reports no usage is billed for input, and what routing compares
     * with an endpoint's context length.
     */
    public static int countPromptTokens(ChatRequest request) {
        TokenCount prompt = new TokenCount();
        for (Message m : request.messages()) {
            for (ContentPart part : m.content()) {
                switch (part) {
                    case ContentPart.Text t -> prompt.add(t.text());
                    case ContentPart.ToolResult r -> prompt.add(r.content());
                    case ContentPart.ToolUse u -> prompt.add(u.name()).add(u.argumentsJson());
                    case ContentPart.Image ignored -> { }
                }
            }
            prompt.add("\n");
        }
        return prompt.tokens();
    }

    /** Bytes of {@code text} in UTF-8 (an unpaired surrogate counts 1, as the encoder's replacement '?'), without encoding it. */
    public static int utf8Length(CharSequence text) {
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    /** {@link #estimateTokens} over several pieces as if they were one concatenated text, without concatenating them. */
    public static final class TokenCount {
        private long bytes;
        private long words;
        private boolean inWord;

        /** Appends one piece (a word may continue from the previous piece into this one). */
        public TokenCount add(CharSequence text) {
            bytes += utf8Length(text);
            int n = text.length();
            for (int i = 0; i < n; i++) {
                // words as String.split("\\s+") sees them: runs of anything but ASCII whitespace
                char c = text.charAt(i);
                boolean space = c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
                if (!space && !inWord) {
                    words++;
                }
                inWord = !space;
            }
            return this;
        }

        public int tokens() {
            return (int) Math.min(Math.max((bytes + 3) / 4, words), Integer.MAX_VALUE);
        }
    }
}
