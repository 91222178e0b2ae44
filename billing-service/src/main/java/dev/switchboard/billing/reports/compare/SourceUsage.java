package dev.switchboard.billing.reports.compare;

/**
 * What an organization used of one source model over the report's days, summed from {@code daily_usage}: requests and
 * tokens as the gateway recorded them ({@code promptTokens} includes the {@code cachedTokens} read from a provider's
 * cache, {@code completionTokens} includes the {@code reasoningTokens}) and what it paid, in nano-USD.
 *
 * @param kind the catalog's kind of the model ({@code chat} or {@code embedding}); null when the catalog does not know
 *             the model, which then is re-priced on nothing
 */
public record SourceUsage(String model, String kind, long requests, long promptTokens, long completionTokens,
                          long reasoningTokens, long cachedTokens, long paidNanos) {

    /** A target re-prices these tokens only if it is a model of the same kind: chat with chat, embedding with embedding. */
    public boolean comparableWith(String targetKind) {
        return kind != null && kind.equals(targetKind);
    }
}
