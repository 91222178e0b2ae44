package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** What a chunk adds to the message; every field is optional, so an empty delta is written as {@code {}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatDelta(
        String role,
        String content,
        String reasoning,
        String reasoningContent,
        List<ReasoningDetail> reasoningDetails,
        String refusal,
        List<ToolCall> toolCalls) {
}
