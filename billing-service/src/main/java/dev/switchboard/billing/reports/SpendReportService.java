package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.tenancy.OrganizationAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Spend reports of an organization: one aggregating query per report, whatever the grouping, over the
 * {@code daily_usage} rollup for whole UTC days, or over the generations of an hourly window of at most 48 hours
 * (the rollup has no hours; the window bounds what is read).
 */
@ApplicationScoped
public class SpendReportService {

    /** The rollup, for whole UTC days; its primary key starts with (organization, day). */
    private static final String DAILY_SOURCE = "daily_usage d";
    private static final String DAILY_RANGE = "WHERE d.organization_id = :organization AND d.day BETWEEN :from AND :to";
    /**
     * The generations of an hourly window, under the rollup's column names plus {@code hour}: one index range scan of
     * {@code generations_by_organization_time} in the one or two monthly partitions the window touches.
     */
    private static final String HOURLY_SOURCE = String.join(" ",
            "(SELECT g.organization_id, (g.created_at AT TIME ZONE 'UTC')::date AS day,",
            "date_trunc('hour', g.created_at AT TIME ZONE 'UTC') AS hour, g.model_id, g.provider_id, g.api_key_id,",
            "1 AS requests, g.tokens_prompt AS prompt_tokens, g.tokens_completion AS completion_tokens,",
            "g.tokens_reasoning AS reasoning_tokens, g.tokens_cached AS cached_tokens, g.cost_nanos",
            "FROM generations g WHERE g.organization_id = :organization AND g.created_at >= :start AND g.created_at < :end) d");

    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /**
     * The report of an organization the caller may read (any member may). A key or member filter must name one of the
     * organization's keys (deleted ones too), or someone who is a member or created one of its keys: else 404, so
     * that another organization's ids reveal nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SpendReportView report(OrganizationAccess access, SpendReportQuery query) {
        UUID org = access.organizationId();
        SpendReportView.KeyFilter key = query.apiKeyId().map(id -> key(org, id)).orElse(null);
        SpendReportView.MemberFilter member = query.memberUserId().map(id -> member(org, id)).orElse(null);
        List<SpendRow> rows = rows(org, query);
        SpendUsage totals = rows.stream().map(SpendRow::usage).reduce(SpendUsage.NONE, SpendUsage::plus);
        return new SpendReportView(org, query.from(), query.to(),
                query.window().map(SpendReportQuery.Window::start).orElse(null), query.window().map(SpendReportQuery.Window::end).orElse(null),
                "UTC", query.groupBy().parameterValue(), query.thenBy().map(SpendDimension::parameterValue).orElse(null), key, member,
                query.model().orElse(null), rows, totals);
    }

    /** Now, the end of the default window (and its UTC day the end of the default range). */
    public Instant now() {
        return clock.instant();
    }

    /** The CSV header of a report: its grouping columns, then the usage columns. */
    public static List<String> header(SpendReportView report) {
        List<String> header = new ArrayList<>(SpendDimension.parse("group_by", report.groupBy()).columns);
        if (report.thenBy() != null) {
            header.addAll(SpendDimension.parse("then_by", report.thenBy()).columns);
        }
        header.addAll(SpendUsage.COLUMNS);
        return header;
    }

    private SpendReportView.KeyFilter key(UUID org, UUID id) {
        List<?> found = em.createNativeQuery("SELECT k.id, k.name, k.display_prefix FROM api_keys k WHERE k.id = :key AND k.organization_id = :organization")
                .setParameter("key", id)
                .setParameter("organization", org)
                .getResultList();
        if (found.isEmpty()) {
            throw BillingException.notFound("API key not found");
        }
        Object[] row = (Object[]) found.getFirst();
        return new SpendReportView.KeyFilter((UUID) row[0], (String) row[1], (String) row[2]);
    }

    private SpendReportView.MemberFilter member(UUID org, UUID id) {
        List<?> found = em.createNativeQuery(String.join(" ",
                        "SELECT u.id, u.email, u.name FROM users u WHERE u.id = :member AND (",
                        "EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = :organization AND m.user_id = u.id)",
                        "OR EXISTS (SELECT 1 FROM api_keys k WHERE k.organization_id = :organization AND k.created_by = u.id))"))
                .setParameter("member", id)
                .setParameter("organization", org)
                .getResultList();
        if (found.isEmpty()) {
            throw BillingException.notFound("Member not found");
        }
        Object[] row = (Object[]) found.getFirst();
        return new SpendReportView.MemberFilter((UUID) row[0], (String) row[1], (String) row[2]);
    }

    @SuppressWarnings("unchecked")
    private List<SpendRow> rows(UUID org, SpendReportQuery query) {
        List<SpendDimension> dimensions = Stream.concat(Stream.of(query.groupBy()), query.thenBy().stream()).toList();
        List<String> keys = dimensions.stream().flatMap(d -> d.expressions.stream()).toList();
        String joins = (dimensions.stream().anyMatch(d -> d.needsKeys) ? "JOIN api_keys k ON k.id = d.api_key_id" : "")
                + (dimensions.stream().anyMatch(d -> d.needsUsers) ? " LEFT JOIN users u ON u.id = k.created_by" : "");
        String sql = String.join(" ",
                "SELECT", String.join(", ", keys.stream().map(key -> key + "::text").toList()) + ",",
                "sum(d.requests)::bigint, sum(d.prompt_tokens)::bigint, sum(d.completion_tokens)::bigint,",
                "sum(d.reasoning_tokens)::bigint, sum(d.cached_tokens)::bigint, sum(d.cost_nanos)::bigint",
                "FROM", query.window().isPresent() ? HOURLY_SOURCE : DAILY_SOURCE, joins,
                query.window().isPresent() ? "WHERE TRUE" : DAILY_RANGE,
                query.apiKeyId().isPresent() ? "AND d.api_key_id = :key" : "",
                query.memberUserId().isPresent()
                        ? "AND d.api_key_id IN (SELECT mk.id FROM api_keys mk WHERE mk.organization_id = :organization AND mk.created_by = :member)"
                        : "",
                query.model().isPresent() ? "AND d.model_id = :model" : "",
                "GROUP BY", String.join(", ", keys),
                "ORDER BY", order(query));
        // A report aggregates at most a year of one organization's rollup rows (or 48 hours of its generations): on the
        // 2-core benchmark machine a parallel plan's workers cost 2–3× what they save at that size (a 30-day report of
        // an organization with 1,000,000 generations: ~40 ms serial, ~120 ms with two workers; docs/benchmarks.md).
        em.createNativeQuery("SET LOCAL max_parallel_workers_per_gather = 0").executeUpdate();
        Query q = em.createNativeQuery(sql).setParameter("organization", org);
        if (query.window().isPresent()) {
            q.setParameter("start", query.window().get().start().atOffset(ZoneOffset.UTC))
                    .setParameter("end", query.window().get().end().atOffset(ZoneOffset.UTC));
        } else {
            q.setParameter("from", query.from()).setParameter("to", query.to());
        }
        query.apiKeyId().ifPresent(id -> q.setParameter("key", id));
        query.memberUserId().ifPresent(id -> q.setParameter("member", id));
        query.model().ifPresent(model -> q.setParameter("model", model));
        List<Object[]> result = q.getResultList();
        List<SpendRow> rows = new ArrayList<>(result.size());
        for (Object[] row : result) {
            Map<String, Object> group = new LinkedHashMap<>();
            int i = 0;
            for (SpendDimension dimension : dimensions) {
                for (String column : dimension.columns) {
                    group.put(column, dimension.present(row[i++]));
                }
            }
            rows.add(new SpendRow(group, new SpendUsage(count(row[i]), count(row[i + 1]), count(row[i + 2]), count(row[i + 3]),
                    count(row[i + 4]), count(row[i + 5]))));
        }
        return rows;
    }

    /**
     * By day or hour: time ascending. Otherwise cost descending, then the key ascending. With a second grouping, the
     * rows of a first-level group stay together: groups in the order above (by their total cost), and inside each
     * group the second grouping in the same way.
     */
    private static String order(SpendReportQuery query) {
        SpendDimension first = query.groupBy();
        Optional<SpendDimension> second = query.thenBy();
        String cost = "sum(d.cost_nanos)";
        if (second.isEmpty()) {
            return first.chronological() ? first.keyOrder : cost + " DESC, " + first.keyOrder;
        }
        String firstOrder = first.chronological() ? first.keyOrder
                : "sum(sum(d.cost_nanos)) OVER (PARTITION BY " + String.join(", ", first.expressions) + ") DESC, " + first.keyOrder;
        String secondOrder = second.get().chronological() ? second.get().keyOrder : cost + " DESC, " + second.get().keyOrder;
        return firstOrder + ", " + secondOrder;
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
