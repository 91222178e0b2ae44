package dev.switchboard.gateway.canonical;

import java.util.ArrayList;
import java.util.List;

/**
 * A complete (non-streamed) response.
 *
 * @param upstreamId         the provider's id of the response ("chatcmpl-…", "msg_…"), kept on the generation
 * @param upstreamModel      the model id the provider says served it
 * @param content            {@link ContentPart.Thinking}, {@link ContentPart.Text} and {@link ContentPart.ToolUse}
 *                           parts, in the provider's order (a Gemini signature's Thinking part stands right before
 *                           the part that carried it)
 * @param reasoning          all reasoning text when the provider returned some, else null
 * @param nativeFinishReason the provider's own finish value ("end_turn", "MAX_TOKENS", …)
 * @param usage              null when the provider reported none (the gateway then counts tokens itself)
 */
public record ChatResponse(String upstreamId, String upstreamModel, List<ContentPart> content, String reasoning,
                           FinishReason finishReason, String nativeFinishReason, Usage usage) {

    public ChatResponse {
        content = List.copyOf(content);
    }

    /** All text parts joined. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        content.forEach(p -> {
            if (p instanceof ContentPart.Text t) {
                sb.append(t.text());
            }
        });
        return sb.toString();
    }

    /** The reasoning parts (signed, redacted or plain), in order; empty when none. */
    public List<ContentPart.Thinking> thinking() {
        List<ContentPart.Thinking> parts = null;
        for (ContentPart part : content) {
            if (part instanceof ContentPart.Thinking t) {
                if (parts == null) {
                    parts = new ArrayList<>(2);
                }
                parts.add(t);
            }
        }
        return parts == null ? List.of() : List.copyOf(parts);
    }

    public List<ContentPart.ToolUse> toolUses() {
        List<ContentPart.ToolUse> uses = null; // a loop, not a stream: every response asks, and most have none
        for (ContentPart part : content) {
            if (part instanceof ContentPart.ToolUse use) {
                if (uses == null) {
                    uses = new ArrayList<>(2);
                }
                uses.add(use);
            }
        }
        return uses == null ? List.of() : List.copyOf(uses);
    }
}
