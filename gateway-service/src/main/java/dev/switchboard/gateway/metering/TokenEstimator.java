package dev.switchboard.gateway.metering;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import java.util.List;

/**
 * The gateway's one way of counting tokens without a tokenizer: a generous upper estimate to reserve credit
 * ({@link #reserve}), and a count of text (one token per 4 bytes of UTF-8, at least one per word) for output and
 * prompts a provider did not report, and for comparing a prompt with an endpoint's context length ({@link #count}).
 */
public final class TokenEstimator {

    /** Tokens reserved per image when estimating a prompt (generous: a high-detail image costs ~765–1 600). */
    private static final int IMAGE_TOKENS_ESTIMATE = 1_600;

    private TokenEstimator() {
    }

    /** {@link #reserve(ChatRequest)} for embedding inputs: one token per 3 bytes of each text, plus 2. */
    public static int reserve(List<String> texts) {
        long tokens = 0;
        for (String text : texts) {
            tokens += utf8Length(text) / 3 + 2;
        }
        return (int) Math.min(tokens, Integer.MAX_VALUE);
    }

    /**
     * A deliberately generous upper estimate of a request's prompt tokens, used only to reserve credit: one
     * token per 3 bytes of UTF-8 text (real tokenizers average ~4 for English), plus per-message overhead,
     * tool schemas and images.
     */
    public static int reserve(ChatRequest request) {
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
                    // reasoning sent back may be counted as input (Anthropic, within a tool-using turn)
                    case ContentPart.Thinking t -> bytes += t.text() == null ? 0 : utf8Length(t.text());
                    case ContentPart.CacheBreakpoint ignored -> { }
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
    public static int count(CharSequence text) {
        return new TokenCount().add(text).tokens();
    }

    /**
     * {@link #count(CharSequence)} of the prompt's text (each message's texts followed by a newline), counted without
     * building that text: what a provider that reports no usage is billed for input, and what routing compares
     * with an endpoint's context length.
     */
    public static int count(ChatRequest request) {
        TokenCount prompt = new TokenCount();
        for (Message m : request.messages()) {
            for (ContentPart part : m.content()) {
                switch (part) {
                    case ContentPart.Text t -> prompt.add(t.text());
                    case ContentPart.ToolResult r -> prompt.add(r.content());
                    case ContentPart.ToolUse u -> prompt.add(u.name()).add(u.argumentsJson());
                    case ContentPart.Image ignored -> { }
                    // only the providers that made it take reasoning back, and they report their usage
                    case ContentPart.Thinking ignored -> { }
                    case ContentPart.CacheBreakpoint ignored -> { }
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

    /** {@link #count(CharSequence)} over several pieces as if they were one concatenated text, without concatenating them. */
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
