package dev.switchboard.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The ObjectMapper of our public bodies, independent of the application's Jackson settings: reading ignores unknown
 * fields (request bodies are parsed through {@link ClientJson}, which also refuses content after the JSON value);
 * writing renders BigDecimal amounts plainly ({@code 0.000000001}, never {@code 1E-9}), as every mapper of
 * {@link dev.switchboard.gateway.wire.JsonMappers} does.
 */
public final class ApiJson {

    public static final ObjectMapper MAPPER = dev.switchboard.gateway.wire.JsonMappers.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ApiJson() {
    }

    /** {@code value} as UTF-8 JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
