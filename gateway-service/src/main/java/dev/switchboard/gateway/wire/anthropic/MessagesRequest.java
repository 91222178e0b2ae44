package dev.switchboard.gateway.wire.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The body of {@code POST /v1/messages}. {@code system} is a plain string, or a list of text blocks
 * ({@link ContentBlock.Text}) when a block of it carries {@code cache_control}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessagesRequest(
        String model,
        Integer maxTokens,
        Object system,
        List<MessageParam> messages,
        List<ToolDefinition> tools,
        ToolChoiceParam toolChoice,
        List<String> stopSequences,
        Double temperature,
        Double topP,
        Integer topK,
        ThinkingParam thinking,
        RequestMetadata metadata,
        Boolean stream) {
}
