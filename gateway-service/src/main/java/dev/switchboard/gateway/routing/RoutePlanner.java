package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.catalog.CatalogModel;
import dev.switchboard.gateway.catalog.ModelCatalog;
import dev.switchboard.gateway.metering.SpendCalculator;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a request's model to the ordered endpoints that can serve it. Endpoints that cannot (no tool
 * support for a request with tools, a prompt over the context length, max_tokens over the endpoint's
 * maximum) are removed, and when none is left the error says which constraint removed which endpoint.
 * Today the cheapest remaining endpoint comes first; weighting, provider preferences, health and fallback
 * order come with routing.
 */
@Singleton
public class RoutePlanner {

    @Inject
    ModelCatalog catalog;

    public List<CatalogEndpoint> plan(ChatRequest request) {
        return plan(request, false);
    }

    /**
     * @param requireParameters OpenRouter's {@code provider.require_parameters}: only endpoints that support every
     *                          parameter the request uses, instead of dropping the unsupported ones
     */
    public List<CatalogEndpoint> plan(ChatRequest request, boolean requireParameters) {
        // a 4xx, not a 5xx, when no configured provider serves the model: SDKs retry 5xx for a long time
        CatalogModel model = catalog.model(request.model()).orElseThrow(() -> catalog.isListedButUnavailable(request.model())
                ? new ApiException(ErrorCode.MODEL_NOT_FOUND, "Model '" + request.model()
                        + "' is in the catalog, but none of its providers is configured on this gateway (their API keys are not set).",
                        Map.of("model", request.model(), "reason", "no_configured_provider"))
                : new ApiException(ErrorCode.MODEL_NOT_FOUND,
                        "Model '" + request.model() + "' is not available here; GET /api/v1/models lists the models.",
                        Map.of("model", request.model())));
        List<CatalogEndpoint> endpoints = model.endpoints();
        int promptTokens = SpendCalculator.countPromptTokens(request);
        java.util.Set<String> used = request.parametersUsed();
        Map<String, String> removed = new LinkedHashMap<>();
        List<CatalogEndpoint> fitting = new ArrayList<>();
        for (CatalogEndpoint e : endpoints) {
            if (!request.tools().isEmpty() && !e.supportedParameters().contains("tools")) {
                removed.put(e.providerName(), "does not support tool use");
            } else if (promptTokens > e.contextLength()) {
                removed.put(e.providerName(), "context length " + e.contextLength() + " tokens is below the prompt (~" + promptTokens + " tokens)");
            } else if (request.maxTokens() != null && e.maxOutput() != null && request.maxTokens() > e.maxOutput()) {
                removed.put(e.providerName(), "max output is " + e.maxOutput() + " tokens, below max_tokens " + request.maxTokens());
            } else if (requireParameters && !e.supportedParameters().containsAll(used)) {
                List<String> missing = used.stream().filter(p -> !e.supportedParameters().contains(p)).toList();
                removed.put(e.providerName(), "does not support " + String.join(", ", missing) + " (require_parameters is on)");
            } else {
                fitting.add(e);
            }
        }
        if (fitting.isEmpty()) {
            StringBuilder message = new StringBuilder("No endpoint of '" + request.model() + "' can serve this request:");
            removed.forEach((provider, why) -> message.append(' ').append(provider).append(' ').append(why).append(';'));
            message.setLength(message.length() - 1);
            throw new ApiException(ErrorCode.BAD_REQUEST, message.append('.').toString(), Map.of("removed_endpoints", removed));
        }
        fitting.sort(Comparator.comparingLong(e -> e.prices().prompt() + e.prices().completion()));
        return fitting;
    }
}
