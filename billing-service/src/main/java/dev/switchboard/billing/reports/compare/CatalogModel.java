package dev.switchboard.billing.reports.compare;

import java.util.Comparator;
import java.util.List;

/** A catalog model that is served now: its kind and its serving endpoints' prices (at least one). */
public record CatalogModel(String id, String name, String kind, List<EndpointPrices> endpoints) {

    /**
     * The endpoint a comparison prices this model at: the one on which {@code usage} (its rows of this model's kind)
     * would have cost least; on a tie (e.g. no comparable usage) the lower list price (prompt + completion per token),
     * then the provider id. The same rule the default targets are ranked by, so "cheapest" means one thing.
     */
    public Choice cheapestFor(List<SourceUsage> usage) {
        Choice best = null;
        for (EndpointPrices endpoint : endpoints) {
            long cost = 0;
            for (SourceUsage source : usage) {
                if (source.comparableWith(kind)) {
                    cost = Math.addExact(cost, endpoint.costNanos(source));
                }
            }
            Choice candidate = new Choice(this, endpoint, cost);
            if (best == null || Choice.ORDER.compare(candidate, best) < 0) {
                best = candidate;
            }
        }
        return best;
    }

    /** A model priced at one of its endpoints, and what the comparable usage costs there (nano-USD). */
    public record Choice(CatalogModel model, EndpointPrices endpoint, long costNanos) {

        static final Comparator<Choice> ORDER = Comparator.comparingLong(Choice::costNanos)
                .thenComparingLong(c -> Math.addExact(c.endpoint().promptPico(), c.endpoint().completionPico()))
                .thenComparing(c -> c.endpoint().providerId());
    }
}
