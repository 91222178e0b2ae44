package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe's request parameters: {@code application/x-www-form-urlencoded} with bracket notation
 * ({@code metadata[order]=7}, {@code line_items[0][price_data][unit_amount]=500}, {@code expand[]=customer} or
 * {@code expand[0]=customer} as stripe-java writes lists), parsed into a JSON tree of strings, objects and arrays,
 * then checked against the endpoint's {@link Shape} so that an unknown or mistyped parameter is refused the way
 * Stripe refuses it instead of being silently ignored.
 */
final class StripeParams {

    private final ObjectNode root;

    private StripeParams(ObjectNode root) {
        this.root = root;
    }

    /** The parsed tree: every leaf a string, as on the wire. Used to compare idempotent requests. */
    ObjectNode tree() {
        return root;
    }

    /** Parses a query string and a form body (either may be null or empty) into one tree. */
    static StripeParams parse(String query, String body) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (String source : new String[] {query, body}) {
            if (source == null || source.isEmpty()) {
                continue;
            }
            for (String pair : source.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                put(tree, key, value);
            }
        }
        return new StripeParams((ObjectNode) toJson(tree));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw StripeApiException.invalidRequest("Invalid request: the body is not valid form encoding ("
                    + e.getMessage() + ").", null, null);
        }
    }

    /** Puts {@code a[b][c]=v} into nested maps; {@code []} (only last) appends to a list. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String key, String value) {
        List<String> segments = segments(key);
        Object container = tree;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (container instanceof List<?> list) {
                if (!last) {
                    throw StripeApiException.invalidRequest("Invalid array: use indexes (a[0][b]) for lists of "
                            + "objects, not " + key, key, null);
                }
                ((List<Object>) list).add(value);
                return;
            }
            Map<String, Object> map = (Map<String, Object>) container;
            Object child = map.get(segment);
            if (last) {
                if (child != null && !(child instanceof String)) {
                    throw StripeApiException.invalidRequest("Invalid hash: " + key + " is both a value and an object",
                            key, null);
                }
                map.put(segment, value);
                return;
            }
            boolean list = segments.get(i + 1).isEmpty();
            if (child == null) {
                child = list ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                map.put(segment, child);
            } else if (child instanceof String || list != (child instanceof List<?>)) {
                throw StripeApiException.invalidRequest("Invalid " + (list ? "array" : "hash") + ": " + key
                        + " conflicts with another parameter", key, null);
            }
            container = child;
        }
    }

    /** {@code a[b][]} → {@code a}, {@code b}, {@code ""}. A key without brackets is one segment. */
    private static List<String> segments(String key) {
        List<String> out = new ArrayList<>();
        int open = key.indexOf('[');
        if (open <= 0) {
            out.add(key);
            return out;
        }
        out.add(key.substring(0, open));
        int at = open;
        while (at < key.length()) {
            int close = key.indexOf(']', at);
            if (key.charAt(at) != '[' || close < 0) {
                throw StripeApiException.invalidRequest("Invalid parameter name: " + key, key, null);
            }
            out.add(key.substring(at + 1, close));
            at = close + 1;
        }
        return out;
    }

    /** Maps whose keys are all indexes become arrays, ordered by index (stripe-java writes {@code expand[0]}). */
    @SuppressWarnings("unchecked")
    private static JsonNode toJson(Object value) {
        if (value instanceof String text) {
            return TextNode.valueOf(text);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = StripeJson.array();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        Map<String, Object> map = (Map<String, Object>) value;
        boolean indexed = !map.isEmpty() && map.keySet().stream().allMatch(k -> k.matches("\\d{1,6}"));
        if (indexed) {
            ArrayNode array = StripeJson.array();
            map.entrySet().stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a.getKey()),
                    Integer.parseInt(b.getKey()))).forEach(e -> array.add(toJson(e.getValue())));
            return array;
        }
        ObjectNode node = StripeJson.object();
        map.forEach((k, v) -> node.set(k, toJson(v)));
        return node;
    }

    // ---- checking against a shape ----

    /** Refuses what the shape does not know or cannot read, with the full bracketed parameter name. */
    StripeParams check(Shape shape) {
        check(root, shape, null);
        return this;
    }

    private static void check(JsonNode node, Shape shape, String name) {
        if (node.isTextual() && node.textValue().isEmpty()) {
            return; // an empty value unsets a parameter in Stripe's reading; required ones are checked by the reader
        }
        switch (shape.kind) {
            case STRING -> {
                if (!node.isTextual()) {
                    throw StripeApiException.invalidRequest("Invalid string: " + StripeJson.write(node), name, null);
                }
            }
            case INTEGER -> {
                if (!node.isTextual() || !node.textValue().matches("-?\\d{1,18}")) {
                    throw StripeApiException.invalidInteger(name, node.isTextual() ? node.textValue()
                            : StripeJson.write(node));
                }
            }
            case BOOLEAN -> {
                if (!node.isTextual() || !(node.textValue().equals("true") || node.textValue().equals("false"))) {
                    throw StripeApiException.invalidRequest("Invalid boolean: " + (node.isTextual()
                            ? node.textValue() : StripeJson.write(node)), name, null);
                }
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw StripeApiException.invalidRequest("Invalid hash", name, null);
                }
                node.fields().forEachRemaining(field -> {
                    if (!field.getValue().isTextual()) {
                        throw StripeApiException.invalidRequest("Invalid string: " + StripeJson.write(field.getValue()),
                                name + "[" + field.getKey() + "]", null);
                    }
                });
            }
            case LIST -> {
                if (!node.isArray()) {
                    throw StripeApiException.invalidRequest("Invalid array", name, null);
                }
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), shape.element, name + "[" + i + "]");
                }
            }
            case OBJECT -> {
                if (!node.isObject()) {
                    throw StripeApiException.invalidRequest("Invalid object", name, null);
                }
                node.fieldNames().forEachRemaining(field -> {
                    String full = name == null ? field : name + "[" + field + "]";
                    Shape fieldShape = shape.fields.get(field);
                    if (fieldShape == null) {
                        throw StripeApiException.unknown(full);
                    }
                    check(node.get(field), fieldShape, full);
                });
            }
            default -> throw new IllegalStateException(shape.kind.name());
        }
    }

    // ---- reading (after check) ----

    /** The node at a path of names and indexes, or a missing node. */
    static JsonNode at(JsonNode node, Object... path) {
        JsonNode at = node;
        for (Object step : path) {
            at = step instanceof Integer index ? at.path(index) : at.path((String) step);
        }
        return at;
    }

    /** A string, or null when absent or empty (an empty value means "unset"). */
    String string(Object... path) {
        return string(at(root, path));
    }

    static String string(JsonNode node) {
        return node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
    }

    /** A string that must be there: a missing one is {@code parameter_missing}, an empty one Stripe's "unset" error. */
    String required(String name) {
        JsonNode node = root.path(name);
        if (node.isMissingNode()) {
            throw StripeApiException.missing(name);
        }
        if (node.isTextual() && node.textValue().isEmpty()) {
            throw emptyRequired(name);
        }
        return node.textValue();
    }

    static StripeApiException emptyRequired(String name) {
        return StripeApiException.invalidRequest("You passed an empty string for '" + name + "'. We assume empty "
                + "values are an attempt to unset a parameter; however '" + name + "' cannot be unset. You should "
                + "remove '" + name + "' from your request or supply a non-empty value.", name,
                "parameter_invalid_empty");
    }

    Long integer(Object... path) {
        return integer(at(root, path));
    }

    static Long integer(JsonNode node) {
        String text = string(node);
        return text == null ? null : Long.parseLong(text);
    }

    Boolean bool(Object... path) {
        String text = string(path);
        return text == null ? null : Boolean.valueOf(text);
    }

    boolean has(Object... path) {
        JsonNode node = at(root, path);
        return !node.isMissingNode() && !(node.isTextual() && node.textValue().isEmpty());
    }

    /** Metadata as Stripe stores it: empty values are dropped (they would unset the key). */
    ObjectNode metadata(Object... path) {
        ObjectNode out = StripeJson.object();
        at(root, path).fields().forEachRemaining(field -> {
            if (!field.getValue().textValue().isEmpty()) {
                out.put(field.getKey(), field.getValue().textValue());
            }
        });
        return out;
    }

    List<String> strings(Object... path) {
        List<String> out = new ArrayList<>();
        at(root, path).forEach(item -> {
            if (item.isTextual() && !item.textValue().isEmpty()) {
                out.add(item.textValue());
            }
        });
        return out;
    }

    JsonNode node(Object... path) {
        return at(root, path);
    }

    /** What a parameter may hold. */
    static final class Shape {
        enum Kind { STRING, INTEGER, BOOLEAN, MAP, LIST, OBJECT }

        final Kind kind;
        final Shape element;
        final Map<String, Shape> fields = new LinkedHashMap<>();

        private Shape(Kind kind, Shape element) {
            this.kind = kind;
            this.element = element;
        }

        static final Shape STRING = new Shape(Kind.STRING, null);
        static final Shape INTEGER = new Shape(Kind.INTEGER, null);
        static final Shape BOOLEAN = new Shape(Kind.BOOLEAN, null);
        /** A free string-to-string hash such as {@code metadata}. */
        static final Shape MAP = new Shape(Kind.MAP, null);

        static Shape list(Shape element) {
            return new Shape(Kind.LIST, element);
        }

        /** An object with named fields; every endpoint's top level also takes {@code expand[]}. */
        static Shape object() {
            return new Shape(Kind.OBJECT, null);
        }

        static Shape endpoint() {
            return object().with("expand", list(STRING));
        }

        Shape with(String name, Shape shape) {
            fields.put(name, shape);
            return this;
        }

        Shape strings(String... names) {
            for (String name : names) {
                fields.put(name, STRING);
            }
            return this;
        }
    }
}
