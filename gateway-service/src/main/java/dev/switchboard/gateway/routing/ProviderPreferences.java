package dev.switchboard.gateway.routing;

import java.math.BigDecimal;
import java.util.List;

/**
 * OpenRouter's {@code provider} object: how a client wants its request routed among a model's endpoints.
 * Lists hold provider ids or names as the client wrote them (matched without regard to case), and are empty when
 * not given. Every field is honoured by {@link RoutePlanner}; fields OpenRouter has that the gateway does not
 * implement are refused when the request is read, never accepted and ignored.
 *
 * @param order             providers to try first, in this order
 * @param only              when not empty, the only providers allowed
 * @param ignore            providers never to use
 * @param allowFallbacks    whether providers other than the chosen (or ordered) ones may serve when those fail (default true)
 * @param requireParameters whether only endpoints supporting every parameter of the request may serve (default false)
 * @param dataCollection    null when the client did not say
 * @param zdr               true: only providers that retain nothing (zero data retention); false/null: no constraint
 * @param quantizations     when not empty, the only quantizations allowed ("fp8", "int4", …, "unknown")
 * @param sort              null = the default (price-weighted load balancing)
 * @param sortAcrossModels  {@code sort.partition: "none"}: sort the endpoints of every model in {@code models}
 *                          together, instead of model by model (the default, {@code "model"})
 * @param maxPrice          null when not given
 */
public record ProviderPreferences(List<String> order, List<String> only, List<String> ignore, boolean allowFallbacks,
                                  boolean requireParameters, DataCollection dataCollection, boolean zdr,
                                  List<String> quantizations, Sort sort, boolean sortAcrossModels, MaxPrice maxPrice) {

    /** No preferences: what a request without a {@code provider} object gets. */
    public static final ProviderPreferences NONE = new ProviderPreferences(null, null, null, true, false, null, false, null,
            null, false, null);

    public ProviderPreferences {
        order = order == null ? List.of() : List.copyOf(order);
        only = only == null ? List.of() : List.copyOf(only);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        quantizations = quantizations == null ? List.of() : List.copyOf(quantizations);
    }

    /** The same preferences sorted by {@code sort} (a model variant such as {@code :nitro} sets it). */
    public ProviderPreferences withSort(Sort otherSort) {
        return new ProviderPreferences(order, only, ignore, allowFallbacks, requireParameters, dataCollection, zdr,
                quantizations, otherSort, sortAcrossModels, maxPrice);
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
