package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.shared.errors.ErrorEnvelope;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's exceptions in the error envelope all services share ({@link ErrorEnvelope}, OpenRouter's shape).
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static ErrorEnvelope of(ApiException exception) {
        return ErrorEnvelope.of(exception.code().status(), exception.getMessage(), exception.metadata());
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
    public static ErrorEnvelope.Detail streamDetail(ApiException exception, String providerName) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("error_type", exception.code().name().toLowerCase(Locale.ROOT));
        if (providerName != null) {
            metadata.put("provider_name", providerName);
        }
        metadata.putAll(exception.metadata());
        return new ErrorEnvelope.Detail(exception.code().status(), exception.getMessage(), metadata);
    }
}
