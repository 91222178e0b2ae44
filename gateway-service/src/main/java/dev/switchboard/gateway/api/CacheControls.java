package dev.switchboard.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.errors.ApiException;
import java.util.Map;

/**
 * A content block's {@code cache_control} ({@code {"type": "ephemeral", "ttl": "5m"}}, the ttl optional), as
 * Anthropic's Messages format and OpenRouter's chat text parts take it, read into a canonical
 * {@link ContentPart.CacheBreakpoint}. Anything else is the client's 400, naming the field.
 */
public final class CacheControls {

    private static final Map<String, String> TTLS = Map.of("5m", "5m");

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
            // Anthropic bills a 1-hour cache write at twice the prompt price, a 5-minute one at 1.25 times; the
            // catalog holds one cache-write price, so a 1-hour write would be billed wrong: refused, not misbilled
            throw ApiException.badRequest(path + ".ttl", "1h".equals(ttl.asText())
                    ? "\"1h\" is not supported yet (its cache writes are priced apart); leave ttl out or send \"5m\""
                    : "must be \"5m\"");
        }
        control.fieldNames().forEachRemaining(name -> {
            if (!name.equals("type") && !name.equals("ttl")) {
                throw ApiException.badRequest(path + "." + name, "is not a cache_control field (type, ttl)");
            }
        });
        return new ContentPart.CacheBreakpoint(ttl == null || ttl.isNull() ? null : ttl.asText());
    }
}
