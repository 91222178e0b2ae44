package dev.switchboard.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The error envelope of every response: {@code {"error":{"code":<status>,"message":"…","metadata":{…}}}},
 * OpenRouter's shape, which the official SDKs read (an integer {@code code}; {@code metadata} left out when empty).
 */
public record ErrorBody(Detail error) {

    /** The {@code error} object. */
    public record Detail(int code, String message, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> metadata) {
    }

    public static ErrorBody of(ApiException exception) {
        return new ErrorBody(new Detail(exception.code().status(), exception.getMessage(), exception.metadata()));
    }

    /** The envelope of {@code exception} as UTF-8 JSON. */
    public static byte[] json(ApiException exception) {
        return ApiJson.write(of(exception));
    }

    /**
     * The {@code error} of a mid-stream error chunk: its metadata always holds {@code error_type} (the SDK requires
     * it once metadata is present; taken from the exception's metadata, else the error code's name) and
     * {@code provider_name} when known.
     */
    public static Detail streamDetail(ApiException exception, String providerName) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("error_type", exception.code().name().toLowerCase(Locale.ROOT));
        if (providerName != null) {
            metadata.put("provider_name", providerName);
        }
        metadata.putAll(exception.metadata());
        return new Detail(exception.code().status(), exception.getMessage(), metadata);
    }
}
