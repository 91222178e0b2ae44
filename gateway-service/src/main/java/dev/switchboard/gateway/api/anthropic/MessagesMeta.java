package dev.switchboard.gateway.api.anthropic;

import dev.switchboard.gateway.canonical.Usage;

/**
 * What the gateway adds to a response it writes in Anthropic's format.
 *
 * @param generationId the generation's id ("gen-…"), written as the message {@code id}
 * @param model        the model that served, "author/slug"
 * @param usage        the usage to report (canonical semantics: prompt tokens include the cache)
 * @param costNanoUsd  what the request cost, in nano-USD; written as {@code usage.cost} in USD
 */
public record MessagesMeta(String generationId, String model, Usage usage, long costNanoUsd) {
}
