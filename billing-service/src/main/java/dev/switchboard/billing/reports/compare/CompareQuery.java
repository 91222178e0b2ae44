package dev.switchboard.billing.reports.compare;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.reports.QueryParams;
import dev.switchboard.billing.reports.ReportFormat;
import dev.switchboard.billing.reports.ReportRange;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a comparison covers: the days ({@link ReportRange}, as every report reads them) and the target models, in the
 * order given; none means the default set ({@link CompareService}). Whether a target exists is the catalog's to say,
 * so that is checked by the service.
 */
public record CompareQuery(ReportRange range, List<String> targets) {

    public static final String TARGET = "target";
    public static final int MAX_TARGETS = 10;
    static final Set<String> PARAMETERS = Set.of("from", "to", TARGET, ReportFormat.PARAMETER);
    static final Set<String> REPEATABLE = Set.of(TARGET);

    public static CompareQuery from(QueryParams params, LocalDate today) {
        ReportRange range = ReportRange.from(params, today);
        List<String> targets = params.all(TARGET);
        if (targets.size() > MAX_TARGETS) {
            throw BillingException.badRequest(TARGET, "at most " + MAX_TARGETS + " target models per comparison");
        }
        Set<String> seen = new HashSet<>();
        for (String target : targets) {
            if (target.isBlank()) {
                throw BillingException.badRequest(TARGET, "must name a model, e.g. openai/gpt-4.1-mini");
            }
            if (!seen.add(target)) {
                throw BillingException.badRequest(TARGET, target + " is given twice");
            }
        }
        return new CompareQuery(range, targets);
    }

    public boolean defaultTargets() {
        return targets.isEmpty();
    }
}
