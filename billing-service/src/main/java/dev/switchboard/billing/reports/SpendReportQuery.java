package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * What a spend report covers: UTC days {@code from} through {@code to} (both inclusive, at most {@link #MAX_DAYS}),
 * grouped by {@code groupBy} and, when given, within each group by {@code thenBy}.
 */
public record SpendReportQuery(LocalDate from, LocalDate to, SpendDimension groupBy, Optional<SpendDimension> thenBy) {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 366;
    static final Set<String> PARAMETERS = Set.of("from", "to", "group_by", "then_by", ReportFormat.PARAMETER);

    /**
     * From the query string; without dates, the last {@link #DEFAULT_DAYS} UTC days up to {@code today}; with only
     * one of them, {@link #DEFAULT_DAYS} days from or up to it. Without {@code group_by}: by model.
     */
    public static SpendReportQuery from(QueryParams params, LocalDate today) {
        Optional<LocalDate> from = params.get("from").map(raw -> UtcDates.parse("from", raw));
        Optional<LocalDate> to = params.get("to").map(raw -> UtcDates.parse("to", raw));
        SpendDimension groupBy = params.get("group_by").map(raw -> SpendDimension.parse("group_by", raw)).orElse(SpendDimension.MODEL);
        Optional<SpendDimension> thenBy = params.get("then_by").map(raw -> SpendDimension.parse("then_by", raw));
        if (thenBy.isPresent() && thenBy.get() == groupBy) {
            throw BillingException.badRequest("then_by", "must differ from group_by");
        }
        LocalDate last = to.orElseGet(() -> from.map(f -> f.plusDays(DEFAULT_DAYS - 1)).orElse(today));
        LocalDate first = from.orElseGet(() -> last.minusDays(DEFAULT_DAYS - 1));
        if (last.isBefore(first)) {
            throw BillingException.badRequest("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw BillingException.badRequest("to", "the range may span at most " + MAX_DAYS + " days");
        }
        return new SpendReportQuery(first, last, groupBy, thenBy);
    }
}
