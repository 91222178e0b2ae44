package dev.switchboard.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.errors.ApiException;
import java.util.Map;

/**
 * A content block's {@code cache_control} ({@code {"type": "ephemeral", "ttl": "5m" | "1h"}}, the ttl optional), as
 * Anthropic's Messages format and OpenRouter's chat text parts take it, read into a canonical
 * {@link ContentPart.CacheBreakpoint}. Anything else is the client's 400, naming the field.
 */
public final class CacheControls {

    private static final Map<String, String> TTLS = Map.of("5m", "5m", "1h", "1h");

    private CacheControls() {
    }

    /** The block's breakpoint, or null when it has no {@code cache_control}; {@code field} is the block's path. */
    public static ContentPart.CacheBreakpoint read(JsonNode block, String field) {
        JsonNode control = block.get("cache_control");
        if (control == null || control.isNull()) {
            return null;
        }
        String path = field + ".cache_control";
        if (!control.isObject()) {
            throw ApiException.badRequest(path, "must be an object like {\"type\": \"ephemeral\"}");
        }
        if (!"ephemeral".equals(control.path("type").asText(null))) {
            throw ApiException.badRequest(path + ".type", "must be \"ephemeral\"");
        }
        JsonNode ttl = control.get("ttl");
        if (ttl != null && !ttl.isNull() && !(ttl.isTextual() && TTLS.containsKey(ttl.asText()))) {
            throw ApiException.badRequest(path + ".ttl", "must be \"5m\" or \"1h\"");
        }
        control.fieldNames().forEachRemaining(name -> {
            if (!name.equals("type") && !name.equals("ttl")) {
                throw ApiException.badRequest(path + "." + name, "is not a cache_control field (type, ttl)");
            }
        });
        return new ContentPart.CacheBreakpoint(ttl == null || ttl.isNull() ? null : ttl.asText());
    }
}
