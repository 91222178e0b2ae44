package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The assistant message of a response. {@code content} is a string or null (some compatible servers send a list
 * of parts, hence a tree); {@code content} and {@code refusal} are always written. {@code reasoning} is
 * OpenRouter's and Groq's name for reasoning text, {@code reasoning_content} DeepSeek's and vLLM's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponseMessage(
        String role,
        @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode content,
        @JsonInclude(JsonInclude.Include.ALWAYS) String refusal,
        String reasoning,
        String reasoningContent,
        List<ReasoningDetail> reasoningDetails,
        List<ToolCall> toolCalls) {
}
