package dev.switchboard.gateway.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema → the subset Gemini accepts (its OpenAPI-3.0-style {@code Schema}). Gemini rejects the whole request
 * for a keyword it does not know ({@code additionalProperties}, {@code $schema}, {@code strict}, {@code $defs}, …),
 * so only the keywords it documents are kept. A type list with "null" becomes the other type plus
 * {@code nullable: true}; a string {@code format} other than "enum" and "date-time" is left out. Property names
 * are never touched. Builds a new tree: the input is not changed.
 */
final class GeminiSchemas {

    static final Set<String> KEPT = Set.of("type", "format", "title", "description", "nullable", "enum", "maxItems",
            "minItems", "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength",
            "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
    private static final Set<String> STRING_FORMATS = Set.of("enum", "date-time");

    private GeminiSchemas() {
    }

    static JsonNode sanitize(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return schema == null ? null : schema.deepCopy();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!KEPT.contains(key)) {
                continue;
            }
            switch (key) {
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.properties().forEach(p -> properties.set(p.getKey(), sanitize(p.getValue())));
                }
                case "items" -> out.set("items", sanitize(value));
                case "anyOf" -> {
                    ArrayNode anyOf = out.putArray("anyOf");
                    value.forEach(v -> anyOf.add(sanitize(v)));
                }
                case "type" -> type(value, out);
                case "format" -> {
                    if (!"string".equals(schema.path("type").asText()) || STRING_FORMATS.contains(value.asText())) {
                        out.set("format", value.deepCopy());
                    }
                }
                default -> out.set(key, value.deepCopy());
            }
        }
        return out;
    }

    /** {@code "type": ["string", "null"]} → {@code "type": "string", "nullable": true}. */
    private static void type(JsonNode type, ObjectNode out) {
        if (!type.isArray()) {
            out.set("type", type.deepCopy());
            return;
        }
        String chosen = null;
        boolean nullable = false;
        for (JsonNode t : type) {
            if ("null".equals(t.asText())) {
                nullable = true;
            } else if (chosen == null) {
                chosen = t.asText();
            }
        }
        if (chosen != null) {
            out.put("type", chosen);
        }
        if (nullable) {
            out.put("nullable", true);
        }
    }
}
