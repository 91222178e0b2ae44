package dev.switchboard.accounts.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.shared.json.StrictJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Request bodies are read strictly and money is written as plain decimals: {@link StrictJson}. */
@Singleton
public class AccountsJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        StrictJson.configure(mapper);
    }
}
