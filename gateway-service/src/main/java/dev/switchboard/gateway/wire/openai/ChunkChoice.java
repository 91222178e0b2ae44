package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A choice of a chunk; {@code finish_reason} and {@code native_finish_reason} are always written (null until the end). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChunkChoice(
        Integer index,
        ChatDelta delta,
        @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason,
        @JsonInclude(JsonInclude.Include.ALWAYS) String nativeFinishReason) {
}
