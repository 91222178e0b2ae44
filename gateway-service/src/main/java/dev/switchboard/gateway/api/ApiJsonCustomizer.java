package dev.switchboard.gateway.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Quarkus's ObjectMapper (the one injected as {@code ObjectMapper}, which writes {@code /credits}, {@code /key},
 * {@code /generation} and the catalog) writes BigDecimal amounts plainly, like {@link ApiJson}: {@code 100}, not the
 * {@code 1E+2} that {@code BigDecimal.stripTrailingZeros()} turns into otherwise.
 */
@Singleton
public class ApiJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
