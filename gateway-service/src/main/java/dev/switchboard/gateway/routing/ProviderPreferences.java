package dev.switchboard.gateway.routing;

import java.math.BigDecimal;
import java.util.List;

/**
 * OpenRouter's {@code provider} object: how a client wants its request routed among a model's endpoints.
 * Lists hold provider slugs or names as the client wrote them, and are empty when not given.
 *
 * @param order             providers to try first, in this order
 * @param only              when not empty, the only providers allowed
 * @param ignore            providers never to use
 * @param allowFallbacks    whether other providers may serve when the preferred ones fail (default true)
 * @param requireParameters whether only endpoints supporting every parameter of the request may serve (default false)
 * @param dataCollection    null when the client did not say
 * @param quantizations     when not empty, the only quantizations allowed ("fp8", "int4", …)
 * @param sort              null = the default (price-weighted load balancing)
 * @param maxPrice          null when not given
 */
public record ProviderPreferences(List<String> order, List<String> only, List<String> ignore, boolean allowFallbacks,
                                  boolean requireParameters, DataCollection dataCollection, List<String> quantizations,
                                  Sort sort, MaxPrice maxPrice) {

    public ProviderPreferences {
        order = order == null ? List.of() : List.copyOf(order);
        only = only == null ? List.of() : List.copyOf(only);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        quantizations = quantizations == null ? List.of() : List.copyOf(quantizations);
    }

    /** {@code data_collection}: "allow" or "deny" (endpoints that may store or train on prompts). */
    public enum DataCollection { ALLOW, DENY }

    /** {@code sort}: "price", "throughput" or "latency". */
    public enum Sort { PRICE, THROUGHPUT, LATENCY }

    /**
     * {@code max_price}: the most the client will pay, in USD per million tokens (prompt, completion) and USD
     * per request; each null when not given.
     */
    public record MaxPrice(BigDecimal prompt, BigDecimal completion, BigDecimal request) {
    }
}
