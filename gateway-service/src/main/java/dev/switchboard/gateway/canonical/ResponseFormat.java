package dev.switchboard.gateway.canonical;

import com.fasterxml.jackson.databind.JsonNode;

/** The requested output format: text, any JSON object, or JSON matching a schema. */
public record ResponseFormat(Type type, String name, JsonNode schema, Boolean strict) {

    public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }
}
