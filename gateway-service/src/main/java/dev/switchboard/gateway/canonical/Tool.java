package dev.switchboard.gateway.canonical;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the model may call.
 *
 * @param parameters JSON Schema of the arguments (an object schema), or null
 * @param strict     OpenAI's strict schema adherence, null when not set
 */
public record Tool(String name, String description, JsonNode parameters, Boolean strict) {
}
