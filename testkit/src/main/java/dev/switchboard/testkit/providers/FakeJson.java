package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The one {@link ObjectMapper} of the fake and the small JSON and word helpers its handlers share. */
final class FakeJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a request body; throws {@link IOException} when it is not a JSON object. */
    static JsonNode parseObject(byte[] body) throws IOException {
        JsonNode node = MAPPER.readTree(body);
        if (node == null || !node.isObject()) {
            throw new IOException("body is not a JSON object");
        }
        return node;
    }

    static JsonNode parseOrMissing(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** Compact JSON, as every provider sends it. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first present field among the spellings given (Gemini accepts both camelCase and snake_case). */
    static JsonNode field(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return MissingNode.getInstance();
    }

    /** An int field, or null when absent or not a number. */
    static Integer intOrNull(JsonNode node) {
        return node != null && node.isNumber() ? node.intValue() : null;
    }

    /** A string or an array of strings as a list (empty when absent). */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isTextual()) {
            out.add(node.textValue());
        } else if (node != null && node.isArray()) {
            node.forEach(item -> {
                if (item.isTextual()) {
                    out.add(item.textValue());
                }
            });
        }
        return out;
    }

    /** Every string value inside a JSON value, depth first, in document order. */
    static void collectStrings(JsonNode node, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            out.add(node.textValue());
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectStrings(child, out));
        }
    }

    /** Number of whitespace-separated words. */
    static int countWords(String text) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    /** The whitespace-separated words of a text. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (space && start >= 0) {
                out.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return out;
    }
}
