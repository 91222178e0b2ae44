package dev.switchboard.shared.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The error body of every Switchboard API, each service's: {@code {"error":{"code":<status>,"message":"…","metadata":{…}}}},
 * OpenRouter's shape, which the official SDKs read (an integer {@code code} equal to the HTTP status; {@code metadata}
 * left out when empty; a 400 names the offending field in {@code metadata.field}).
 */
public record ErrorEnvelope(Detail error) {

    /** The {@code error} object. */
    public record Detail(int code, String message, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> metadata) {
    }

    public static ErrorEnvelope of(int status, String message, Map<String, Object> metadata) {
        return new ErrorEnvelope(new Detail(status, message, metadata == null ? Map.of() : metadata));
    }
}
