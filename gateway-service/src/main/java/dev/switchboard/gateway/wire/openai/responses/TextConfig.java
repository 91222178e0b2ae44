package dev.switchboard.gateway.wire.openai.responses;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** {@code {"format":{…}}}: the request's {@code text} as a response echoes it. */
public record TextConfig(Format format) {

    /** {@code {"type":"text"}}, {@code {"type":"json_object"}} or {@code {"type":"json_schema","name","schema","strict"}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Format(String type, String name, JsonNode schema, Boolean strict) {
    }

    public static final TextConfig TEXT = new TextConfig(new Format("text", null, null, null));
}
