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
}
