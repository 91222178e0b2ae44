package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A non-streamed {@code chat.completion}. {@code system_fingerprint} is always written (null included). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatCompletionResponse(
        String id,
        String object,
        Long created,
        String model,
        String provider,
        @JsonInclude(JsonInclude.Include.ALWAYS) String systemFingerprint,
        List<ChatChoice> choices,
        CompletionUsage usage) {
}
