package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The body of {@code POST /chat/completions}. {@code toolChoice} is a string ("auto", "none", "required") or a
 * {@link NamedToolChoice}; {@code logitBias} is passed through as the client sent it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        List<ChatTool> tools,
        Object toolChoice,
        Double temperature,
        Double topP,
        Integer topK,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        Double frequencyPenalty,
        Double presencePenalty,
        Double repetitionPenalty,
        ResponseFormatParam responseFormat,
        String reasoningEffort,
        Object logitBias,
        Boolean logprobs,
        Integer topLogprobs,
        Boolean parallelToolCalls,
        String user,
        Boolean stream,
        StreamOptions streamOptions) {
}
