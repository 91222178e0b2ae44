package dev.switchboard.gateway.providers;

import java.util.Set;

/**
 * Where one attempt goes: a provider endpoint of a model, with everything an adapter needs to address it.
 *
 * @param baseUrl             e.g. "https://api.openai.com/v1", "https://api.anthropic.com",
 *                            "https://generativelanguage.googleapis.com" (no trailing slash)
 * @param apiKey              the provider's secret (from the environment variable the catalog names); never logged
 * @param upstreamModel       the provider's id of the model ("gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash")
 * @param supportedParameters the OpenAI-style parameter names the endpoint supports; others are dropped
 *                            (and recorded) unless the request requires them
 * @param maxOutput           the endpoint's maximum output tokens ({@code model_endpoints.max_output}), null when
 *                            unknown; formats that require a max_tokens (Anthropic) use it when the request has none
 */
public record ProviderTarget(String providerId, String providerName, WireFormat format, String baseUrl, String apiKey,
                             String upstreamModel, Set<String> supportedParameters, Integer maxOutput) {

    public ProviderTarget {
        supportedParameters = Set.copyOf(supportedParameters);
    }

    /** A target whose maximum output is unknown. */
    public ProviderTarget(String providerId, String providerName, WireFormat format, String baseUrl, String apiKey,
                          String upstreamModel, Set<String> supportedParameters) {
        this(providerId, providerName, format, baseUrl, apiKey, upstreamModel, supportedParameters, null);
    }
}
