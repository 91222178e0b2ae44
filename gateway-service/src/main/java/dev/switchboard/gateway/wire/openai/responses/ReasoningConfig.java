package dev.switchboard.gateway.wire.openai.responses;

/** {@code {"effort","summary"}}: the request's {@code reasoning} as a response echoes it. */
public record ReasoningConfig(String effort, String summary) {
}
