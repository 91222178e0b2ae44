package dev.switchboard.web.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.activity.ActivityQuery.Raw;
import dev.switchboard.web.charts.Chart;
import dev.switchboard.web.clients.BillingClient.SpendReport;
import dev.switchboard.web.clients.BillingClient.SpendRow;
import dev.switchboard.web.clients.BillingClient.SpendUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActivityViewTest {

    static final Instant NOW = Instant.parse("2026-03-30T13:27:05Z");
    static final UUID KEY = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID ADA = UUID.fromString("00000000-0000-0000-0000-0000000000ad");

    static SpendRow row(String model, LocalDate day, Instant hour, long requests, long reasoning, String cost) {
        return new SpendRow(model, null, null, null, null, null, null, null, day, hour, requests, 100, 10, reasoning, 0, new BigDecimal(cost));
    }

    static SpendReport report(List<SpendRow> rows) {
        SpendUsage totals = rows.stream().map(SpendRow::usage).reduce(SpendUsage.NONE, SpendUsage::plus);
        return new SpendReport(UUID.randomUUID(), null, null, null, null, null, null, null, null, null, rows, totals);
    }

    @Test
    void the_chart_has_every_day_and_each_row_in_its_day_by_the_series_chosen() {
        ActivityQuery q = ActivityQuery.parse(new Raw("7d", null, null, null, null, null, null, null), NOW);
        LocalDate today = LocalDate.parse("2026-03-30");
        Chart chart = ActivityView.chart(q, report(List.of(
                row("m1", today.minusDays(6), null, 1, 0, "0.5"),
                row("m2", today.minusDays(6), null, 1, 0, "0.25"),
                row("m1", today, null, 2, 0, "0.000000001"))));
        assertThat(chart.title()).isEqualTo("Daily spend by model");
        assertThat(chart.legend()).extracting(Chart.LegendItem::name, Chart.LegendItem::total)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", "$0.500000001"), org.assertj.core.groups.Tuple.tuple("m2", "$0.25"));
        assertThat(chart.svg()).contains("data-bucket=\"2026-03-24\"").contains("data-bucket=\"2026-03-30\"")
                .contains("m2 · 2026-03-24: $0.25").contains("2026-03-27: $0.00 in total");
    }

    @Test
    void the_last_24_hours_chart_by_hour() {
        ActivityQuery q = ActivityQuery.parse(new Raw("24h", null, null, null, null, null, null, null), NOW);
        Chart chart = ActivityView.chart(q, report(List.of(row("m1", null, Instant.parse("2026-03-29T13:00:00Z"), 1, 0, "1"),
                row("m1", null, Instant.parse("2026-03-30T13:00:00Z"), 1, 0, "2"))));
        assertThat(chart.title()).isEqualTo("Hourly spend by model");
        assertThat(chart.svg()).contains("m1 · 2026-03-29 13:00 UTC: $1.00").contains("m1 · 2026-03-30 13:00 UTC: $2.00");
        assertThat(ActivityView.rangeText(q)).isEqualTo("2026-03-29 13:27 to 2026-03-30 13:27 UTC (the last 24 hours, by hour)");
    }

    @Test
    void key_and_member_tables_link_to_the_page_narrowed_to_that_row() {
        ActivityQuery q = ActivityQuery.parse(new Raw("30d", null, null, "api_key", null, null, null, null), NOW);
        SpendRow key = new SpendRow(null, null, KEY, "Prod", "sk-sb-v1-1…a", null, null, null, null, null, 1, 1, 1, 0, 0, BigDecimal.ONE);
        SpendTable keys = SpendTable.of(Grouping.API_KEY, List.of(key), q, key.usage());
        assertThat(keys.testid()).isEqualTo("spend-by-api_key");
        assertThat(keys.rows().getFirst().label()).isEqualTo("Prod");
        assertThat(keys.rows().getFirst().detail()).isEqualTo("sk-sb-v1-1…a");
        assertThat(keys.rows().getFirst().filter()).isEqualTo("/activity?range=30d&group_by=api_key&then_by=model&key=" + KEY);
        // once narrowed to it, no link to itself
        assertThat(SpendTable.of(Grouping.API_KEY, List.of(key), q.withKey(KEY), key.usage()).rows().getFirst().filter()).isNull();

        SpendRow ada = new SpendRow(null, null, null, null, null, ADA, "ada@example.com", null, null, null, 1, 1, 1, 0, 0, BigDecimal.ONE);
        SpendRow none = new SpendRow(null, null, null, null, null, null, null, null, null, null, 1, 1, 1, 0, 0, BigDecimal.ONE);
        SpendTable members = SpendTable.of(Grouping.MEMBER, List.of(ada, none), q, ada.usage().plus(none.usage()));
        assertThat(members.rows()).extracting(SpendTable.Row::label).containsExactly("ada@example.com", "Keys without a creator");
        assertThat(members.rows().get(0).filter()).endsWith("&member=" + ADA);
        assertThat(members.rows().get(1).filter()).isNull();
    }

    @Test
    void model_rows_link_to_the_page_narrowed_to_that_model() {
        ActivityQuery q = ActivityQuery.parse(new Raw("7d", null, null, null, null, null, null, null), NOW);
        SpendRow m = row("acme/a b", null, null, 1, 0, "1");
        assertThat(SpendTable.of(Grouping.MODEL, List.of(m), q, m.usage()).rows().getFirst().filter())
                .isEqualTo("/activity?range=7d&group_by=model&then_by=model&model=acme%2Fa+b");
        assertThat(SpendTable.of(Grouping.MODEL, List.of(m), q.withModel("acme/a b"), m.usage()).rows().getFirst().filter()).isNull();
    }

    @Test
    void reasoning_and_cached_columns_only_when_there_are_any() {
        ActivityQuery q = ActivityQuery.parse(new Raw(null, null, null, null, null, null, null, null), NOW);
        SpendRow plain = row("m", null, null, 1, 0, "1");
        assertThat(SpendTable.of(Grouping.MODEL, List.of(plain), q, plain.usage()).reasoning()).isFalse();
        SpendRow thinking = row("m", null, null, 1, 7, "1");
        SpendTable table = SpendTable.of(Grouping.MODEL, List.of(thinking), q, thinking.usage());
        assertThat(table.reasoning()).isTrue();
        assertThat(table.cached()).isFalse();
    }
}
