package dev.switchboard.gateway.routing;

import java.util.List;

/**
 * What a client asked of routing besides the model: OpenRouter's {@code models} fallback list and {@code provider}
 * preferences.
 *
 * @param models   models to fall back to, in order, after the request's own model; empty when not given
 * @param provider never null ({@link ProviderPreferences#NONE} when the request had no {@code provider} object)
 */
public record RoutingOptions(List<String> models, ProviderPreferences provider) {

    public static final RoutingOptions NONE = new RoutingOptions(List.of(), ProviderPreferences.NONE);

    public RoutingOptions {
        models = models == null ? List.of() : List.copyOf(models);
        provider = provider == null ? ProviderPreferences.NONE : provider;
    }
}
