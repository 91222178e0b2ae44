package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the fields of one JSON object of a request body, typed, each failure a 400 naming the field by its path
 * ({@code messages[2].content}, {@code provider.max_price.prompt}). A field that is absent or JSON {@code null}
 * reads as null: clients often send {@code "stop": null} for "not set". Readers of every inbound format share it.
 */
public final class FieldReader {

    private final JsonNode node;
    private final String path;

    private FieldReader(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * The body as a JSON object.
     *
     * @throws ApiException 400 on "body" when it is empty, not valid JSON ({@link ClientJson} says why) or not an object
     */
    public static FieldReader body(byte[] body) {
        JsonNode tree = body == null ? null : ClientJson.parse(body);
        if (tree == null) {
            throw ApiException.badRequest("body", "is empty; a JSON object is required");
        }
        if (!tree.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        return new FieldReader(tree, "");
    }

    /** Wraps an object found at {@code path} (for values read as raw nodes first). */
    public static FieldReader of(JsonNode object, String path) {
        if (object == null || !object.isObject()) {
            throw ApiException.badRequest(path, "must be an object");
        }
        return new FieldReader(object, path);
    }

    public JsonNode node() {
        return node;
    }

    public String path() {
        return path;
    }

    /** The path of a field of this object. */
    public String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public boolean has(String name) {
        return raw(name) != null;
    }

    /** The field as it is, or null when absent or null. */
    public JsonNode raw(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public String string(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(path(name), "must be a string");
        }
        return value.asText();
    }

    /** A string the gateway records or echoes: {@link ClientText}'s rule, at most {@code maxLength} characters. */
    public String text(String name, int maxLength) {
        return ClientText.check(path(name), string(name), maxLength);
    }

    public String requiredString(String name) {
        String value = string(name);
        if (value == null) {
            throw ApiException.badRequest(path(name), "is required");
        }
        if (value.isBlank()) {
            throw ApiException.badRequest(path(name), "must not be empty");
        }
        return value;
    }

    /** A string that must be one of {@code allowed}. */
    public String oneOf(String name, Collection<String> allowed) {
        String value = string(name);
        if (value != null && !allowed.contains(value)) {
            throw ApiException.badRequest(path(name), "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** A number within [min, max]. */
    public Double number(String name, double min, double max) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest(path(name), "must be a number");
        }
        double number = value.doubleValue();
        if (number < min || number > max) {
            throw ApiException.badRequest(path(name), "must be between " + plain(min) + " and " + plain(max));
        }
        return number;
    }

    /** A whole number within [min, max] ({@code 5.0} counts as whole). */
    public Integer integer(String name, int min, int max) {
        Long value = longInteger(name, min, max);
        return value == null ? null : value.intValue();
    }

    public Long longInteger(String name, long min, long max) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw ApiException.badRequest(path(name), min == 1 ? "must be a positive integer" : "must be an integer");
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw ApiException.badRequest(path(name), min == 1 && max == Integer.MAX_VALUE ? "must be a positive integer"
                    : "must be an integer between " + min + " and " + max);
        }
        return number;
    }

    /** A non-negative decimal, as a number or a numeric string (prices). */
    public BigDecimal decimal(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        BigDecimal decimal;
        try {
            decimal = value.isNumber() ? value.decimalValue() : value.isTextual() ? new BigDecimal(value.asText().strip()) : null;
        } catch (NumberFormatException e) {
            decimal = null;
        }
        if (decimal == null || decimal.signum() < 0) {
            throw ApiException.badRequest(path(name), "must be a non-negative number");
        }
        return decimal;
    }

    public Boolean bool(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(path(name), "must be a boolean");
        }
        return value.booleanValue();
    }

    public boolean bool(String name, boolean fallback) {
        Boolean value = bool(name);
        return value == null ? fallback : value;
    }

    /** A nested object, or null when absent. */
    public FieldReader object(String name) {
        JsonNode value = raw(name);
        return value == null ? null : of(value, path(name));
    }

    /** An array, or null when absent. */
    public JsonNode array(String name) {
        JsonNode value = raw(name);
        if (value != null && !value.isArray()) {
            throw ApiException.badRequest(path(name), "must be an array");
        }
        return value;
    }

    /** An array of objects (each named {@code name[i]}); empty when absent. */
    public List<FieldReader> objects(String name) {
        JsonNode array = array(name);
        List<FieldReader> out = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                out.add(of(array.get(i), path(name) + "[" + i + "]"));
            }
        }
        return out;
    }

    /** An array of non-empty strings (whitespace counts: stop sequences may be "\n"); empty when absent. */
    public List<String> strings(String name) {
        JsonNode array = array(name);
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (!item.isTextual() || item.asText().isEmpty()) {
                    throw ApiException.badRequest(path(name) + "[" + i + "]", "must be a non-empty string");
                }
                out.add(item.asText());
            }
        }
        return out;
    }

    /** {@link #strings(String)} whose items follow {@link ClientText}'s rule, each at most {@code maxLength} characters. */
    public List<String> texts(String name, int maxLength) {
        List<String> out = strings(name);
        for (int i = 0; i < out.size(); i++) {
            ClientText.check(path(name) + "[" + i + "]", out.get(i), maxLength);
        }
        return out;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
