package dev.switchboard.gateway.catalog;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.providers.WireFormat;
import java.util.Set;
import java.util.UUID;

/**
 * A serving endpoint: one model at one enabled provider (a {@code model_endpoints} row with status 0), with
 * everything the router and the adapters need and no further I/O.
 *
 * @param id                  the {@code model_endpoints.id} generations refer to
 * @param baseUrl             resolved, no trailing slash
 * @param apiKey              the provider's secret; {@code null} when the provider needs none. Never logged
 *                            ({@link #toString()} masks it)
 * @param contextLength       tokens of context at this provider
 * @param maxOutput           the provider's cap on output tokens; {@code null} when none is published
 * @param supportedParameters OpenAI-style request parameter names this endpoint honours
 * @param quantization        e.g. "fp8"; {@code null} when unknown or not applicable
 * @param dataCollection      whether the provider may retain or train on prompts (routing honours
 *                            {@code provider.data_collection: "deny"})
 * @param zdr                 whether the provider retains nothing (routing honours {@code provider.zdr: true})
 */
public record CatalogEndpoint(UUID id, String modelId, String providerId, String providerName, WireFormat format,
                              String baseUrl, String apiKey, String upstreamModel, PriceSheet prices, int contextLength,
                              Integer maxOutput, Set<String> supportedParameters, String quantization,
                              DataCollection dataCollection, boolean zdr) {

    public CatalogEndpoint {
        supportedParameters = Set.copyOf(supportedParameters);
    }

    /**
     * Parameters an Anthropic-format endpoint honours whatever its catalog entry lists, as they are Anthropic's own:
     * the {@code anthropic-beta} header and prompt-cache breakpoints.
     */
    private static final Set<String> ANTHROPIC_OWN = Set.of(ChatRequest.ANTHROPIC_BETA, ChatRequest.CACHE_CONTROL);

    /** Whether a request parameter (e.g. "tools", "response_format") is honoured here. */
    public boolean supports(String parameter) {
        return supportedParameters.contains(parameter) || (format == WireFormat.ANTHROPIC && ANTHROPIC_OWN.contains(parameter));
    }

    /** Where an attempt on this endpoint goes. */
    public ProviderTarget toTarget() {
        return new ProviderTarget(providerId, providerName, format, baseUrl, apiKey, upstreamModel, supportedParameters, maxOutput);
    }

    @Override
    public String toString() {
        return "CatalogEndpoint[" + modelId + " at " + providerId + " (" + upstreamModel + "), id=" + id
                + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }
}
