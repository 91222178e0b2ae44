package dev.switchboard.gateway.providers;

import dev.switchboard.schema.catalog.ProviderApi;

/** The wire formats the gateway speaks to providers; one adapter each. */
public enum WireFormat {
    OPENAI, ANTHROPIC, GEMINI;

    public static WireFormat of(ProviderApi api) {
        return valueOf(api.name());
    }
}
