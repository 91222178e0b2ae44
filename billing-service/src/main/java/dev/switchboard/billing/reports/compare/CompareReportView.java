package dev.switchboard.billing.reports.compare;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A comparison: for each source model the organization used in the range (rows, what it paid descending), the same
 * tokens priced on each target model at today's prices, and the totals per target. Money is USD, exact to the
 * nano-dollar; {@code token_counts} is always {@code "source"}: the counts are the source model's own tokenizer's.
 */
public record CompareReportView(UUID organizationId, LocalDate from, LocalDate to, String timezone, String tokenCounts,
                                String note, boolean defaultTargets, List<Target> targets, List<Row> rows, Totals totals) {

    public static final String TOKEN_COUNTS = "source";
    public static final String NOTE = "Token counts are each source model's own: another model's tokenizer would count "
            + "the same text differently, so a target's cost is the price of these tokens at its current prices, not a "
            + "quote of what it would have counted. Chat usage is re-priced only on chat models, embeddings only on "
            + "embedding models.";

    /**
     * A target model and the endpoint it is priced at (its cheapest serving endpoint for this usage): prompt,
     * completion and cache-read prices in USD per million tokens ({@code cache_read_per_million} null: cached tokens
     * cost the prompt price), {@code per_request} in USD.
     */
    public record Target(String model, String name, String kind, String provider, BigDecimal promptPerMillion,
                         BigDecimal completionPerMillion, BigDecimal cacheReadPerMillion, BigDecimal perRequest) {
    }

    /** One source model: what it used and paid, and one cell per target in the order of {@code targets}. */
    public record Row(String model, String kind, long requests, long promptTokens, long completionTokens, long reasoningTokens,
                      long cachedTokens, BigDecimal paid, List<Cell> targets) {
    }

    /**
     * What the row's tokens cost on {@code model}; {@code difference} = cost − paid (negative: the target is cheaper),
     * {@code difference_percent} = difference / paid × 100, rounded half up to two decimals (null when nothing was
     * paid). All three null when the target is not of the source's kind.
     */
    public record Cell(String model, BigDecimal cost, BigDecimal difference, BigDecimal differencePercent) {
    }

    /** The sums over all rows, and per target over the rows it re-prices. */
    public record Totals(long requests, long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                         BigDecimal paid, List<TargetTotal> targets) {
    }

    /**
     * A target's total: {@code paid} is what the rows it re-prices cost (the rows of its kind), {@code cost} the sum of
     * its cells; all null when it re-prices no row.
     */
    public record TargetTotal(String model, BigDecimal paid, BigDecimal cost, BigDecimal difference,
                              BigDecimal differencePercent) {
    }
}
