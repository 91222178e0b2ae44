package dev.switchboard.web.activity;

import dev.switchboard.web.charts.BarChart;
import dev.switchboard.web.charts.Chart;
import dev.switchboard.web.charts.Measure;
import dev.switchboard.web.clients.BillingClient.KeyFilter;
import dev.switchboard.web.clients.BillingClient.MemberFilter;
import dev.switchboard.web.clients.BillingClient.SpendReport;
import dev.switchboard.web.clients.BillingClient.SpendRow;
import dev.switchboard.web.clients.BillingClient.SpendUsage;
import dev.switchboard.web.format.Formats;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What the activity template shows: the form (the filters as given, or as applied), and once they are valid the
 * range in words, the totals, the chart, the per-model table, the grouping's own table when it is not by model, the
 * key, member or model the page is narrowed to, and the CSV link with the same filters.
 */
public record ActivityView(ActivityQuery.Raw form, String error, String errorField, String rangeText, SpendUsage totals,
                           Chart chart, SpendTable models, SpendTable groups, KeyFilter key, MemberFilter member,
                           String model, String csvHref, String clearKeyHref, String clearMemberHref, String clearModelHref) {

    /** The form again with the reason it was refused; nothing else. */
    static ActivityView invalid(ActivityQuery.Raw raw, String field, String message) {
        return new ActivityView(raw, message, field, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * From billing's reports over the same range and filters: {@code chart} (per day or hour, split by the chart's
     * series; its totals are the page's, and it echoes the key or member filter), and the rows of the per-model table
     * and of the grouping's table (the same rows when grouping by model), in the tables' order.
     */
    static ActivityView of(ActivityQuery query, SpendReport chart, List<SpendRow> byModel, List<SpendRow> byGroup) {
        SpendUsage totals = chart.totals();
        SpendTable models = SpendTable.of(Grouping.MODEL, byModel, query, totals);
        SpendTable groups = query.groupBy() == Grouping.MODEL ? null : SpendTable.of(query.groupBy(), byGroup, query, totals);
        return new ActivityView(query.form(), null, null, rangeText(query), totals, chart(query, chart), models, groups,
                chart.apiKey(), chart.member(), query.model(), "/activity.csv?" + query.queryString(),
                query.key() == null ? null : "/activity?" + query.withKey(null).queryString(),
                query.member() == null ? null : "/activity?" + query.withMember(null).queryString(),
                query.model() == null ? null : "/activity?" + query.withModel(null).queryString());
    }

    static Chart chart(ActivityQuery query, SpendReport report) {
        String title = (query.hourly() ? "Hourly" : "Daily") + " spend by " + query.thenBy().noun();
        BarChart chart = BarChart.stacked("activity-chart", title, query.buckets(), Measure.usd());
        for (SpendRow row : report.rows()) {
            String bucket = query.hourly() ? row.hour().toString() : row.day().toString();
            chart.add(query.thenBy().series(row), bucket, row.cost());
        }
        return chart.build();
    }

    static String rangeText(ActivityQuery query) {
        if (query.hourly()) {
            return Formats.minute(query.start().atOffset(ZoneOffset.UTC)).replace(" UTC", "") + " to "
                    + Formats.minute(query.end().atOffset(ZoneOffset.UTC)) + " (the last 24 hours, by hour)";
        }
        return query.from().equals(query.to()) ? query.from() + " (UTC day)" : query.from() + " to " + query.to() + " (UTC days)";
    }

    public boolean valid() {
        return error == null;
    }

    public List<ActivityQuery.Range> ranges() {
        return List.of(ActivityQuery.Range.values());
    }

    public List<Grouping> groupings() {
        return List.of(Grouping.values());
    }
}
