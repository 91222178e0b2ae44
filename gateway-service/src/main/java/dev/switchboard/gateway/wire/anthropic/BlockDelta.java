package dev.switchboard.gateway.wire.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The {@code delta} of {@code content_block_delta}, told apart by its {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        defaultImpl = BlockDelta.Other.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = BlockDelta.TextDelta.class, name = "text_delta"),
        @JsonSubTypes.Type(value = BlockDelta.InputJsonDelta.class, name = "input_json_delta"),
        @JsonSubTypes.Type(value = BlockDelta.ThinkingDelta.class, name = "thinking_delta"),
        @JsonSubTypes.Type(value = BlockDelta.SignatureDelta.class, name = "signature_delta")})
public sealed interface BlockDelta {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TextDelta(String text) implements BlockDelta {
    }

    /** A fragment of a tool_use block's input JSON text. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record InputJsonDelta(String partialJson) implements BlockDelta {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ThinkingDelta(String thinking) implements BlockDelta {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SignatureDelta(String signature) implements BlockDelta {
    }

    /** Any other delta type (citations, …), read and ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Other() implements BlockDelta {
    }
}
