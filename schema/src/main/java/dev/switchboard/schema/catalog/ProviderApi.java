package dev.switchboard.schema.catalog;

import dev.switchboard.schema.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

/** The wire format a provider speaks; one gateway adapter exists per value. */
public enum ProviderApi {
    OPENAI, ANTHROPIC, GEMINI;

    @Converter
    public static class Column extends LowercaseEnumConverter<ProviderApi> {
        public Column() {
            super(ProviderApi.class);
        }
    }
}
