package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A legacy {@code text_completion} (response of {@code POST /completions}), also the shape of its stream chunks
 * (no usage until the last one; {@code error} on a mid-stream error).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TextCompletionResponse(
        String id,
        String object,
        Long created,
        String model,
        String provider,
        ErrorObject error,
        List<TextCompletionChoice> choices,
        CompletionUsage usage) {
}
