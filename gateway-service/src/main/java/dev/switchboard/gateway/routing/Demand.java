package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.catalog.ModelKind;
import dev.switchboard.gateway.metering.TokenEstimator;
import java.util.Collections;
import java.util.Set;

/**
 * What a request needs of an endpoint, for capability filtering: its kind, prompt size, output allowance, whether it
 * uses tools, and which parameters it sets.
 *
 * @param promptTokens    the prompt's size as the gateway counts it, compared with each endpoint's context length
 * @param maxTokens       the client's {@code max_tokens}, null when not set
 * @param parametersUsed  OpenAI-style parameter names the request sets (for {@code require_parameters})
 */
public record Demand(ModelKind kind, int promptTokens, Integer maxTokens, boolean tools, Set<String> parametersUsed) {

    public Demand {
        // a read-only view, not a copy: Demand.of hands over a set built for it, on every request
        parametersUsed = Collections.unmodifiableSet(parametersUsed);
    }

    public static Demand of(ChatRequest request) {
        return new Demand(ModelKind.CHAT, TokenEstimator.count(request), request.maxTokens(), !request.tools().isEmpty(),
                request.parametersUsed());
    }

    /** An embeddings request of {@code inputTokens} tokens that sets these parameters ("dimensions", …). */
    public static Demand embeddings(int inputTokens, Set<String> parametersUsed) {
        return new Demand(ModelKind.EMBEDDING, inputTokens, null, false, parametersUsed);
    }
}
