package dev.switchboard.gateway.catalog;

import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a provider's API key: the value of its {@code api_key_env} variable, else (for tests and local setups)
 * the config property {@code switchboard.provider-keys.<provider-id>}. Both are read through MicroProfile Config,
 * so an environment variable, a system property or a {@code .env} entry all work. Blank counts as unset.
 */
final class ProviderKeys {

    static final String PROPERTY_PREFIX = "switchboard.provider-keys.";

    private final Function<String, Optional<String>> config;

    ProviderKeys(Function<String, Optional<String>> config) {
        this.config = config;
    }

    /**
     * The provider's key, if one is set. A provider without {@code apiKeyEnv} needs none (it is served
     * anyway), but may still be given one through the property.
     */
    Optional<String> keyFor(String providerId, String apiKeyEnv) {
        Optional<String> fromEnv = apiKeyEnv == null ? Optional.empty() : lookup(apiKeyEnv);
        return fromEnv.or(() -> lookup(PROPERTY_PREFIX + providerId));
    }

    private Optional<String> lookup(String name) {
        return config.apply(name).map(String::strip).filter(v -> !v.isEmpty());
    }
}
