package dev.switchboard.gateway.wire.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The {@code data} of one streamed event, told apart by its {@code type} (the same as the SSE event name). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        defaultImpl = StreamEvent.Other.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = StreamEvent.MessageStart.class, name = "message_start"),
        @JsonSubTypes.Type(value = StreamEvent.ContentBlockStart.class, name = "content_block_start"),
        @JsonSubTypes.Type(value = StreamEvent.ContentBlockDelta.class, name = "content_block_delta"),
        @JsonSubTypes.Type(value = StreamEvent.ContentBlockStop.class, name = "content_block_stop"),
        @JsonSubTypes.Type(value = StreamEvent.MessageDelta.class, name = "message_delta"),
        @JsonSubTypes.Type(value = StreamEvent.MessageStop.class, name = "message_stop"),
        @JsonSubTypes.Type(value = StreamEvent.Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = StreamEvent.Error.class, name = "error")})
public sealed interface StreamEvent {

    /** The message with empty content, its id, model and the input side of usage. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessageStart(MessagesResponse message) implements StreamEvent {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ContentBlockStart(int index, ContentBlock contentBlock) implements StreamEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ContentBlockDelta(int index, BlockDelta delta) implements StreamEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ContentBlockStop(int index) implements StreamEvent {
    }

    /** The end of the message: stop reason and the cumulative usage. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessageDelta(MessageDeltaBody delta, MessageUsage usage) implements StreamEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessageStop() implements StreamEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ping() implements StreamEvent {
    }

    /** An error sent after the stream started (HTTP status was already 200). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(ErrorDetail error) implements StreamEvent {
    }

    /** Any other event type, read and ignored (Anthropic may add some). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Other() implements StreamEvent {
    }
}
