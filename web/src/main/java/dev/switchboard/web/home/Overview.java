package dev.switchboard.web.home;

import dev.switchboard.web.activity.Grouping;
import dev.switchboard.web.charts.BarChart;
import dev.switchboard.web.charts.Buckets;
import dev.switchboard.web.charts.Chart;
import dev.switchboard.web.clients.BillingClient.SpendQuery;
import dev.switchboard.web.clients.BillingClient.SpendReport;
import dev.switchboard.web.clients.BillingClient.SpendRow;
import dev.switchboard.web.clients.BillingClient.SpendUsage;
import dev.switchboard.web.charts.Measure;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview's figures, from two of billing's spend reports: per UTC day and model from the earlier of the month's
 * first day and 29 days ago through today ({@link #dailyQuery}: today's spend and requests, the month's spend, the
 * 30-day chart and the top models), and per key over the 30 days ({@link #keysQuery}: the top keys).
 */
public record Overview(BigDecimal spendToday, BigDecimal spendMonth, long requestsToday, Chart chart, List<Top> topModels,
                       List<Top> topKeys) {

    public static final int DAYS = 30;
    public static final int TOP = 5;

    /** A line of a top table: the name (a model id, a key's name), a second line (the key's prefix), usage. */
    public record Top(String name, String detail, long requests, BigDecimal cost) {
    }

    static SpendQuery dailyQuery(LocalDate today) {
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate chartStart = today.minusDays(DAYS - 1);
        return SpendQuery.days(monthStart.isBefore(chartStart) ? monthStart : chartStart, today, "day", "model");
    }

    static SpendQuery keysQuery(LocalDate today) {
        return SpendQuery.days(today.minusDays(DAYS - 1), today, "api_key", null);
    }

    static Overview of(LocalDate today, SpendReport daily, SpendReport keys) {
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate chartStart = today.minusDays(DAYS - 1);
        BigDecimal spendToday = BigDecimal.ZERO;
        BigDecimal spendMonth = BigDecimal.ZERO;
        long requestsToday = 0;
        BarChart chart = BarChart.stacked("spend-30d", "Daily spend by model, last " + DAYS + " days", Buckets.days(chartStart, today), Measure.usd());
        Map<String, SpendUsage> models = new LinkedHashMap<>();
        for (SpendRow row : daily.rows()) {
            if (row.day().equals(today)) {
                spendToday = spendToday.add(row.cost());
                requestsToday += row.requests();
            }
            if (!row.day().isBefore(monthStart)) {
                spendMonth = spendMonth.add(row.cost());
            }
            if (!row.day().isBefore(chartStart)) {
                chart.add(row.model(), row.day().toString(), row.cost());
                models.merge(row.model(), row.usage(), SpendUsage::plus);
            }
        }
        List<Top> topModels = models.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, SpendUsage> e) -> e.getValue().cost()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP)
                .map(e -> new Top(e.getKey(), null, e.getValue().requests(), e.getValue().cost()))
                .toList();
        // billing orders keys by cost, then name
        List<Top> topKeys = keys.rows().stream().limit(TOP)
                .map(row -> new Top(Grouping.API_KEY.label(row), Grouping.API_KEY.detail(row), row.requests(), row.cost()))
                .toList();
        return new Overview(spendToday, spendMonth, requestsToday, chart.build(), topModels, topKeys);
    }
}
