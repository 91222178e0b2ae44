package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * What a spend report covers: UTC days {@code from} through {@code to} ({@link ReportRange}), grouped by
 * {@code groupBy} and, when given, within each group by {@code thenBy}.
 */
public record SpendReportQuery(LocalDate from, LocalDate to, SpendDimension groupBy, Optional<SpendDimension> thenBy) {

    static final Set<String> PARAMETERS = Set.of("from", "to", "group_by", "then_by", ReportFormat.PARAMETER);

    /** From the query string: the days as {@link ReportRange#from} reads them; without {@code group_by}: by model. */
    public static SpendReportQuery from(QueryParams params, LocalDate today) {
        ReportRange range = ReportRange.from(params, today);
        SpendDimension groupBy = params.get("group_by").map(raw -> SpendDimension.parse("group_by", raw)).orElse(SpendDimension.MODEL);
        Optional<SpendDimension> thenBy = params.get("then_by").map(raw -> SpendDimension.parse("then_by", raw));
        if (thenBy.isPresent() && thenBy.get() == groupBy) {
            throw BillingException.badRequest("then_by", "must differ from group_by");
        }
        return new SpendReportQuery(range.from(), range.to(), groupBy, thenBy);
    }
}
