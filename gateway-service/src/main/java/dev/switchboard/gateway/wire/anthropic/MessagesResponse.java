package dev.switchboard.gateway.wire.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A Message object: the response of {@code POST /v1/messages}, and the {@code message} of a stream's
 * {@code message_start}. {@code stop_reason} and {@code stop_sequence} are always written, null included.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessagesResponse(
        String id,
        String type,
        String role,
        String model,
        List<ContentBlock> content,
        @JsonInclude(JsonInclude.Include.ALWAYS) String stopReason,
        @JsonInclude(JsonInclude.Include.ALWAYS) String stopSequence,
        MessageUsage usage) {
}
