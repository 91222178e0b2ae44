package dev.switchboard.gateway.wire;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one way the gateway builds its JSON mappers: every mapper gets Blackbird, which replaces reflective
 * access to the wire records with generated lambdas (reflection was a measurable share of the hot path), and
 * writes BigDecimal amounts plainly: {@code 100} and {@code 0.0000001}, never {@code 1E+2} or {@code 1E-7}, which
 * some clients' JSON parsers refuse or read as floats. (Quarkus's own ObjectMapper gets the same from
 * {@code api/ApiJsonCustomizer}.)
 */
public final class JsonMappers {

    private JsonMappers() {
    }

    public static JsonMapper.Builder builder() {
        return JsonMapper.builder().addModule(new BlackbirdModule()).enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
