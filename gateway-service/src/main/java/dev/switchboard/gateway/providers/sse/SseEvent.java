package dev.switchboard.gateway.providers.sse;

/** One server-sent event: the {@code event:} name (null when absent) and its {@code data:} lines joined by "\n". */
public record SseEvent(String event, String data) {
}
