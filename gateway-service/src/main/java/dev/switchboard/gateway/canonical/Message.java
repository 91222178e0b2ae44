package dev.switchboard.gateway.canonical;

import java.util.List;

/**
 * One message: a role and its parts. An assistant message that called tools holds {@link ContentPart.ToolUse}
 * parts; a tool message holds {@link ContentPart.ToolResult} parts.
 *
 * @param name optional participant name (OpenAI's {@code name})
 */
public record Message(Role role, List<ContentPart> content, String name) {

    public Message {
        content = List.copyOf(content);
    }

    public static Message of(Role role, String text) {
        return new Message(role, List.of(new ContentPart.Text(text)), null);
    }

    /** The concatenated text parts (tool results' text included), for token estimates and simple formats. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : content) {
            switch (part) {
                case ContentPart.Text t -> sb.append(t.text());
                case ContentPart.ToolResult r -> sb.append(r.content());
                case ContentPart.ToolUse u -> sb.append(u.name()).append(u.argumentsJson());
                case ContentPart.Image ignored -> { }
                case ContentPart.Thinking ignored -> { } // reasoning sent back is billed as the provider counts it
                case ContentPart.CacheBreakpoint ignored -> { }
            }
        }
        return sb.toString();
    }
}
