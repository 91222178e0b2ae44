package dev.switchboard.billing.reports;

import dev.switchboard.billing.tenancy.OrganizationAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Spend reports of an organization, read from the {@code daily_usage} rollup (never from {@code generations}): one
 * aggregating query per report, whatever the grouping.
 */
@ApplicationScoped
public class SpendReportService {

    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /** The report of an organization the caller may read (any member may). */
    @Transactional(Transactional.TxType.MANDATORY)
    public SpendReportView report(OrganizationAccess access, SpendReportQuery query) {
        List<SpendRow> rows = rows(access.organizationId(), query);
        SpendUsage totals = rows.stream().map(SpendRow::usage).reduce(SpendUsage.NONE, SpendUsage::plus);
        return new SpendReportView(access.organizationId(), query.from(), query.to(), "UTC", query.groupBy().parameterValue(),
                query.thenBy().map(SpendDimension::parameterValue).orElse(null), rows, totals);
    }

    /** Today's UTC date, the end of the default range. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
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
                "FROM daily_usage d", joins,
                "WHERE d.organization_id = :organization AND d.day BETWEEN :from AND :to",
                "GROUP BY", String.join(", ", keys),
                "ORDER BY", order(query));
        List<Object[]> result = em.createNativeQuery(sql)
                .setParameter("organization", org)
                .setParameter("from", query.from())
                .setParameter("to", query.to())
                .getResultList();
        List<SpendRow> rows = new ArrayList<>(result.size());
        for (Object[] row : result) {
            Map<String, Object> group = new LinkedHashMap<>();
            int i = 0;
            for (SpendDimension dimension : dimensions) {
                for (String column : dimension.columns) {
                    group.put(column, row[i++]);
                }
            }
            rows.add(new SpendRow(group, new SpendUsage(count(row[i]), count(row[i + 1]), count(row[i + 2]), count(row[i + 3]),
                    count(row[i + 4]), count(row[i + 5]))));
        }
        return rows;
    }

    /**
     * By day: days ascending. Otherwise cost descending, then the key ascending. With a second grouping, the rows of
     * a first-level group stay together: groups in the order above (by their total cost), and inside each group the
     * second grouping in the same way.
     */
    private static String order(SpendReportQuery query) {
        SpendDimension first = query.groupBy();
        Optional<SpendDimension> second = query.thenBy();
        String cost = "sum(d.cost_nanos)";
        if (second.isEmpty()) {
            return first == SpendDimension.DAY ? first.keyOrder : cost + " DESC, " + first.keyOrder;
        }
        String firstOrder = first == SpendDimension.DAY ? first.keyOrder
                : "sum(sum(d.cost_nanos)) OVER (PARTITION BY " + String.join(", ", first.expressions) + ") DESC, " + first.keyOrder;
        String secondOrder = second.get() == SpendDimension.DAY ? second.get().keyOrder : cost + " DESC, " + second.get().keyOrder;
        return firstOrder + ", " + secondOrder;
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
