package dev.switchboard.gateway.wire;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one way the gateway builds its JSON mappers: every mapper gets Blackbird, which replaces reflective
 * access to the wire records with generated lambdas (reflection was a measurable share of the hot path).
 */
public final class JsonMappers {

    private JsonMappers() {
    }

    public static JsonMapper.Builder builder() {
        return JsonMapper.builder().addModule(new BlackbirdModule());
    }
}
