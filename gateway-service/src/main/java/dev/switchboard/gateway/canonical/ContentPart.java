package dev.switchboard.gateway.canonical;

/** A piece of a message. */
public sealed interface ContentPart {

    /** Plain text. */
    record Text(String text) implements ContentPart {
    }

    /**
     * An image, by URL: either {@code https://…} or a {@code data:<mime>;base64,<data>} URL.
     *
     * @param detail OpenAI's "low" | "high" | "auto", or null
     */
    record Image(String url, String detail) implements ContentPart {

        public boolean isDataUrl() {
            return url.startsWith("data:");
        }

        /** The media type of a data URL ("image/png"), or null for a remote URL. */
        public String mediaType() {
            return isDataUrl() ? url.substring(5, url.indexOf(';')) : null;
        }

        /** The base64 payload of a data URL, or null for a remote URL. */
        public String base64Data() {
            return isDataUrl() ? url.substring(url.indexOf(',') + 1) : null;
        }
    }

    /**
     * A tool call made by the assistant.
     *
     * @param argumentsJson the arguments as a JSON object text (OpenAI sends a string; Anthropic and Gemini an object)
     */
    record ToolUse(String id, String name, String argumentsJson) implements ContentPart {
    }

    /** The result of a tool call, answering the {@link ToolUse} with {@code toolUseId}. */
    record ToolResult(String toolUseId, String toolName, String content, boolean isError) implements ContentPart {
    }

    /**
     * Reasoning from an assistant turn, kept so it can go back to the provider that produced it: Anthropic needs its
     * signed {@code thinking} blocks (and {@code redacted_thinking} data) back, Gemini its thought signatures, or
     * they lose the thread of a tool-using conversation (and Anthropic refuses it). A part is only ever sent back to
     * an upstream of its own {@code format}; others leave it out, as the signature means nothing to them.
     *
     * @param format     whose reasoning it is: {@link #ANTHROPIC}, {@link #GEMINI}, or null for plain, unsigned
     *                   text (an OpenAI-format upstream's {@code reasoning_content})
     * @param text       the reasoning text, or null (redacted reasoning; a bare Gemini signature)
     * @param signature  the provider's signature: Anthropic's over {@code text}, or Gemini's thought signature
     * @param data       encrypted reasoning (Anthropic's {@code redacted_thinking}), else null
     * @param toolCallId for a Gemini signature carried by a function call part: that call's id, else null
     */
    record Thinking(String format, String text, String signature, String data, String toolCallId) implements ContentPart {

        /** OpenRouter's name for Anthropic's reasoning format ({@code reasoning_details[].format}). */
        public static final String ANTHROPIC = "anthropic-claude-v1";
        /** OpenRouter's name for Gemini's. */
        public static final String GEMINI = "google-gemini-v1";

        public static Thinking text(String text) {
            return new Thinking(null, text, null, null, null);
        }

        /** Whether this part means anything to a provider of {@code format} (only its own signed reasoning does). */
        public boolean belongsTo(String providerFormat) {
            return format != null && format.equals(providerFormat) && (signature != null || data != null);
        }
    }

    /**
     * A prompt-cache breakpoint: the prompt up to and including the part before it may be cached and read back
     * at the cache-read price (Anthropic's {@code cache_control}, which OpenRouter also takes on OpenAI-format text
     * parts). Anthropic-format upstreams get it as {@code cache_control} on that block; others, which cache
     * repeated prefixes on their own, drop the {@code cache_control} parameter and list it.
     *
     * @param ttl "5m", or null for the provider's default (also 5 minutes; 1-hour writes are priced apart, not yet in the catalog)
     */
    record CacheBreakpoint(String ttl) implements ContentPart {
    }
}
