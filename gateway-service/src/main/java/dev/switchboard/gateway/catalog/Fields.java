package dev.switchboard.gateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Typed, path-aware reads of one YAML mapping of the catalog. A missing or ill-typed value adds a problem
 * ("models[3].endpoints[0].pricing.prompt: must be a non-negative decimal") and reads as {@code null}.
 */
final class Fields {

    record Item(JsonNode node, String path) {
    }

    private final JsonNode node;
    private final String prefix;
    private final List<String> problems;

    Fields(JsonNode node, String prefix, List<String> problems) {
        this.node = node;
        this.prefix = prefix;
        this.problems = problems;
    }

    String path(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    boolean has(String key) {
        return node.has(key);
    }

    String text(String key, boolean required) {
        JsonNode value = present(key, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            return problem(key, "must be a non-empty string");
        }
        return value.asText().strip();
    }

    /** A YAML boolean ({@code true}/{@code false}); null when absent. */
    Boolean bool(String key) {
        JsonNode value = present(key, false);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            return problem(key, "must be true or false");
        }
        return value.booleanValue();
    }

    Integer positiveInt(String key, boolean required) {
        JsonNode value = present(key, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            return problem(key, "must be a positive whole number");
        }
        return value.intValue();
    }

    /** A non-negative decimal, exactly as written (a YAML number or a quoted decimal string). */
    BigDecimal decimal(String key, boolean required) {
        JsonNode value = present(key, required);
        if (value == null) {
            return null;
        }
        BigDecimal decimal = null;
        try {
            if (value.isNumber()) {
                decimal = value.decimalValue();
            } else if (value.isTextual()) {
                decimal = new BigDecimal(value.asText().strip());
            }
        } catch (NumberFormatException e) {
            decimal = null;
        }
        if (decimal == null || decimal.signum() < 0) {
            return problem(key, "must be a non-negative decimal");
        }
        return decimal;
    }

    <E extends Enum<E>> E oneOf(String key, boolean required, Class<E> type) {
        String value = text(key, required);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return problem(key, "must be one of " + allowed + ", got \"" + value + "\"");
    }

    /** The items of a YAML sequence with their paths; empty when missing or not a sequence. */
    List<Item> list(String key, boolean required) {
        JsonNode value = present(key, required);
        List<Item> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (!value.isArray()) {
            problem(key, "must be a list");
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            items.add(new Item(value.get(i), path(key) + "[" + i + "]"));
        }
        return items;
    }

    List<String> textList(String key, boolean required) {
        List<String> values = new ArrayList<>();
        for (Item item : list(key, required)) {
            if (item.node().isTextual() && !item.node().asText().isBlank()) {
                values.add(item.node().asText().strip());
            } else {
                problems.add(item.path() + ": must be a non-empty string");
            }
        }
        return values;
    }

    /** A nested mapping, or {@code null} (with a problem when required or ill-typed). */
    Fields child(String key, boolean required) {
        JsonNode value = present(key, required);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            return problem(key, "must be a mapping");
        }
        return new Fields(value, path(key), problems);
    }

    void rejectUnknown(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problem(name, "unknown key (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private JsonNode present(String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problem(key, "is required");
            } else if (value != null) {
                problem(key, "must not be null (leave the key out instead)");
            }
            return null;
        }
        return value;
    }

    private <T> T problem(String key, String message) {
        problems.add(path(key) + ": " + message);
        return null;
    }
}
