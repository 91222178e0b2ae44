package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.canonical.Usage;

/**
 * What a response says about itself beyond the model's output: our generation id, when, which model and
 * provider served it, the billed usage and its cost. Stream chunks use only the first four; the final usage
 * chunk uses all of it.
 *
 * @param generationId        our id ("gen-…"), the response's {@code id}
 * @param model               the served model's id ("author/slug")
 * @param providerName        the provider's display name, the response's top-level {@code provider}
 * @param usage               the billed usage; null when not yet known (during a stream)
 * @param costNanos           the total cost billed, in nano-USD
 * @param promptCostNanos     the part of the cost for input tokens (cache reads and writes included)
 * @param completionCostNanos the part of the cost for output tokens (reasoning included)
 * @param usageEstimated      whether the gateway counted the tokens itself because the provider reported none
 */
public record ResponseMeta(String generationId, long createdEpochSeconds, String model, String providerName, Usage usage,
                           long costNanos, long promptCostNanos, long completionCostNanos, boolean usageEstimated) {

    /** The meta a stream starts with: who and when, usage not yet known. */
    public static ResponseMeta start(String generationId, long createdEpochSeconds, String model, String providerName) {
        return new ResponseMeta(generationId, createdEpochSeconds, model, providerName, null, 0, 0, 0, false);
    }

    /** This meta completed with the billed usage and cost. */
    public ResponseMeta withUsage(Usage billed, long cost, long promptCost, long completionCost, boolean estimated) {
        return new ResponseMeta(generationId, createdEpochSeconds, model, providerName, billed, cost, promptCost,
                completionCost, estimated);
    }
}
