package dev.switchboard.billing.reports.compare;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.reports.ReportRange;
import dev.switchboard.billing.reports.Usd;
import dev.switchboard.billing.reports.compare.CatalogModel.Choice;
import dev.switchboard.billing.tenancy.OrganizationAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Re-prices an organization's real usage on other models: the usage per source model from the {@code daily_usage}
 * rollup (one aggregating query, never {@code generations}), the prices from the serving catalog (one query), the
 * arithmetic in Java ({@link EndpointPrices#costNanos}).
 *
 * <p>Without targets the comparison is against a default set: for each kind of model used (chat, embedding) the
 * {@value #DEFAULT_CHEAPEST} catalog models on which this usage would have cost least, plus up to
 * {@value #DEFAULT_USED} of the organization's own most paid-for models that the catalog still serves (their usage at
 * today's cheapest price); ordered by what the usage would cost on them, then by id.
 */
@ApplicationScoped
public class CompareService {

    static final int DEFAULT_CHEAPEST = 5;
    static final int DEFAULT_USED = 5;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Comparator<Choice> BY_COST = Comparator.comparingLong(Choice::costNanos)
            .thenComparing(c -> c.model().id());

    @Inject
    EntityManager em;
    @Inject
    ServingCatalog catalog;

    Clock clock = Clock.systemUTC();

    /** Today's UTC date, the end of the default range. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public CompareReportView report(OrganizationAccess access, CompareQuery query) {
        List<SourceUsage> usage = usage(access.organizationId(), query.range());
        Map<String, CatalogModel> models = catalog.models();
        List<Choice> targets = query.defaultTargets() ? defaultTargets(usage, models) : named(query.targets(), usage, models);
        return view(access.organizationId(), query.range(), query.defaultTargets(), usage, targets);
    }

    private static List<Choice> named(List<String> ids, List<SourceUsage> usage, Map<String, CatalogModel> models) {
        List<Choice> targets = new ArrayList<>(ids.size());
        for (String id : ids) {
            CatalogModel model = models.get(id);
            if (model == null) {
                throw BillingException.badRequest(CompareQuery.TARGET, "unknown model " + id
                        + ": not a model the catalog serves now (see GET /api/v1/models on the gateway)");
            }
            targets.add(model.cheapestFor(usage));
        }
        return targets;
    }

    static List<Choice> defaultTargets(List<SourceUsage> usage, Map<String, CatalogModel> models) {
        Map<String, Choice> chosen = new LinkedHashMap<>();
        TreeSet<String> kinds = new TreeSet<>();
        usage.stream().map(SourceUsage::kind).filter(Objects::nonNull).forEach(kinds::add);
        for (String kind : kinds) {
            models.values().stream().filter(m -> kind.equals(m.kind())).map(m -> m.cheapestFor(usage))
                    .sorted(BY_COST).limit(DEFAULT_CHEAPEST).forEach(c -> chosen.put(c.model().id(), c));
        }
        // usage is ordered by what was paid, most first
        usage.stream().map(SourceUsage::model).filter(models::containsKey).limit(DEFAULT_USED)
                .forEach(id -> chosen.computeIfAbsent(id, k -> models.get(k).cheapestFor(usage)));
        return chosen.values().stream().sorted(BY_COST).toList();
    }

    private static CompareReportView view(UUID org, ReportRange range, boolean defaults, List<SourceUsage> usage, List<Choice> targets) {
        List<CompareReportView.Target> targetViews = targets.stream().map(c -> new CompareReportView.Target(c.model().id(),
                c.model().name(), c.model().kind(), c.endpoint().providerId(), EndpointPrices.perMillion(c.endpoint().promptPico()),
                EndpointPrices.perMillion(c.endpoint().completionPico()),
                c.endpoint().cacheReadPico() == null ? null : EndpointPrices.perMillion(c.endpoint().cacheReadPico()),
                EndpointPrices.perRequest(c.endpoint().requestPico()))).toList();
        long[] comparedPaid = new long[targets.size()];
        long[] comparedCost = new long[targets.size()];
        boolean[] comparedAny = new boolean[targets.size()];
        List<CompareReportView.Row> rows = new ArrayList<>(usage.size());
        long requests = 0, prompt = 0, completion = 0, reasoning = 0, cached = 0, paid = 0;
        for (SourceUsage source : usage) {
            List<CompareReportView.Cell> cells = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                Choice target = targets.get(i);
                if (!source.comparableWith(target.model().kind())) {
                    cells.add(new CompareReportView.Cell(target.model().id(), null, null, null));
                    continue;
                }
                long cost = target.endpoint().costNanos(source);
                comparedAny[i] = true;
                comparedPaid[i] = Math.addExact(comparedPaid[i], source.paidNanos());
                comparedCost[i] = Math.addExact(comparedCost[i], cost);
                cells.add(new CompareReportView.Cell(target.model().id(), Usd.of(cost), Usd.of(cost - source.paidNanos()),
                        percent(cost, source.paidNanos())));
            }
            rows.add(new CompareReportView.Row(source.model(), source.kind(), source.requests(), source.promptTokens(),
                    source.completionTokens(), source.reasoningTokens(), source.cachedTokens(), Usd.of(source.paidNanos()), cells));
            requests = Math.addExact(requests, source.requests());
            prompt = Math.addExact(prompt, source.promptTokens());
            completion = Math.addExact(completion, source.completionTokens());
            reasoning = Math.addExact(reasoning, source.reasoningTokens());
            cached = Math.addExact(cached, source.cachedTokens());
            paid = Math.addExact(paid, source.paidNanos());
        }
        List<CompareReportView.TargetTotal> totals = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            String model = targets.get(i).model().id();
            totals.add(comparedAny[i]
                    ? new CompareReportView.TargetTotal(model, Usd.of(comparedPaid[i]), Usd.of(comparedCost[i]),
                            Usd.of(comparedCost[i] - comparedPaid[i]), percent(comparedCost[i], comparedPaid[i]))
                    : new CompareReportView.TargetTotal(model, null, null, null, null));
        }
        return new CompareReportView(org, range.from(), range.to(), "UTC", CompareReportView.TOKEN_COUNTS, CompareReportView.NOTE,
                defaults, targetViews, rows,
                new CompareReportView.Totals(requests, prompt, completion, reasoning, cached, Usd.of(paid), totals));
    }

    /** (cost − paid) / paid × 100, half up to two decimals; null when nothing was paid (no base to compare with). */
    static BigDecimal percent(long costNanos, long paidNanos) {
        if (paidNanos == 0) {
            return null;
        }
        BigDecimal percent = BigDecimal.valueOf(costNanos - paidNanos).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(paidNanos), 2, RoundingMode.HALF_UP).stripTrailingZeros();
        // written like the money: plain, without trailing zeros (-35, not -35.00 or -3.5E+1)
        return percent.scale() < 0 ? percent.setScale(0) : percent;
    }

    @SuppressWarnings("unchecked")
    private List<SourceUsage> usage(UUID org, ReportRange range) {
        // the rollup's primary key (organization_id, day, …) bounds the scan to this organization's days in the range
        List<Object[]> result = em.createNativeQuery("""
                        SELECT d.model_id, m.kind, sum(d.requests)::bigint, sum(d.prompt_tokens)::bigint,
                               sum(d.completion_tokens)::bigint, sum(d.reasoning_tokens)::bigint, sum(d.cached_tokens)::bigint,
                               sum(d.cost_nanos)::bigint
                        FROM daily_usage d
                        LEFT JOIN models m ON m.id = d.model_id
                        WHERE d.organization_id = :organization AND d.day BETWEEN :from AND :to
                        GROUP BY d.model_id, m.kind
                        ORDER BY sum(d.cost_nanos) DESC, d.model_id""")
                .setParameter("organization", org)
                .setParameter("from", range.from())
                .setParameter("to", range.to())
                .getResultList();
        List<SourceUsage> usage = new ArrayList<>(result.size());
        for (Object[] row : result) {
            usage.add(new SourceUsage((String) row[0], (String) row[1], count(row[2]), count(row[3]), count(row[4]),
                    count(row[5]), count(row[6]), count(row[7])));
        }
        return usage;
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
