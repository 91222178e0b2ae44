package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One {@code chat.completion.chunk} of a stream. Null fields are left out: the OpenRouter SDK rejects
 * {@code usage:null} and {@code system_fingerprint:null} in chunks. {@code error} is set on a mid-stream error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatCompletionChunk(
        String id,
        String object,
        Long created,
        String model,
        String provider,
        String systemFingerprint,
        ErrorObject error,
        List<ChunkChoice> choices,
        CompletionUsage usage) {
}
