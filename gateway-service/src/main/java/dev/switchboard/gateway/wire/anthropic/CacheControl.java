package dev.switchboard.gateway.wire.anthropic;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code cache_control}: {@code {"type": "ephemeral", "ttl": "5m"}}, the ttl optional (1h is refused by the readers). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CacheControl(String type, String ttl) {

    public static CacheControl ephemeral(String ttl) {
        return new CacheControl("ephemeral", ttl == null || ttl.isEmpty() ? null : ttl);
    }
}
