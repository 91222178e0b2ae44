package dev.switchboard.gateway.wire.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code {"type":"function","name","description","parameters","strict"}}: a tool as a response echoes it. */
public record FunctionTool(String type, String name, String description, JsonNode parameters, Boolean strict) {

    public FunctionTool(String name, String description, JsonNode parameters, Boolean strict) {
        this("function", name, description, parameters, strict);
    }
}
