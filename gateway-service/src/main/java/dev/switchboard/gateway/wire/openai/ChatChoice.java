package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A choice of a {@code chat.completion}; {@code logprobs}, {@code finish_reason} and {@code native_finish_reason} are always written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatChoice(
        Integer index,
        ResponseMessage message,
        @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode logprobs,
        @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason,
        @JsonInclude(JsonInclude.Include.ALWAYS) String nativeFinishReason) {
}
