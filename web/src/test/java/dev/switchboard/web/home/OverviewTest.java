package dev.switchboard.web.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.clients.BillingClient.SpendQuery;
import dev.switchboard.web.clients.BillingClient.SpendReport;
import dev.switchboard.web.clients.BillingClient.SpendRow;
import dev.switchboard.web.clients.BillingClient.SpendUsage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OverviewTest {

    static SpendRow day(LocalDate day, String model, long requests, String cost) {
        return new SpendRow(model, null, null, null, null, null, null, null, day, null, requests, 1, 1, 0, 0, new BigDecimal(cost));
    }

    static SpendRow key(String name, long requests, String cost) {
        return new SpendRow(null, null, UUID.randomUUID(), name, "sk-sb-v1-" + name, null, null, null, null, null, requests, 1, 1, 0, 0,
                new BigDecimal(cost));
    }

    static SpendReport report(List<SpendRow> rows) {
        return new SpendReport(UUID.randomUUID(), null, null, null, null, null, null, null, null, null, rows,
                rows.stream().map(SpendRow::usage).reduce(SpendUsage.NONE, SpendUsage::plus));
    }

    @Test
    void on_the_31st_the_month_reaches_back_past_the_30_day_chart() {
        LocalDate today = LocalDate.parse("2026-03-31");
        assertThat(Overview.dailyQuery(today)).isEqualTo(SpendQuery.days(LocalDate.parse("2026-03-01"), today, "day", "model"));
        assertThat(Overview.keysQuery(today)).isEqualTo(SpendQuery.days(LocalDate.parse("2026-03-02"), today, "api_key", null));
        Overview o = Overview.of(today, report(List.of(
                day(LocalDate.parse("2026-03-01"), "old", 9, "100"), // this month, but before the 30 days
                day(LocalDate.parse("2026-03-02"), "a", 1, "0.5"),
                day(today, "a", 2, "0.000000001"),
                day(today, "b", 3, "0.25"))), report(List.of()));
        assertThat(o.spendToday()).isEqualByComparingTo("0.250000001");
        assertThat(o.requestsToday()).isEqualTo(5);
        assertThat(o.spendMonth()).isEqualByComparingTo("100.750000001");
        assertThat(o.topModels()).extracting(Overview.Top::name).containsExactly("a", "b");
        assertThat(o.topModels().getFirst().cost()).isEqualByComparingTo("0.500000001");
        assertThat(o.topModels().getFirst().requests()).isEqualTo(3);
        assertThat(o.chart().svg()).contains("data-bucket=\"2026-03-02\"").doesNotContain("data-bucket=\"2026-03-01\"");
    }

    @Test
    void mid_month_the_chart_reaches_back_into_last_month_but_the_month_does_not() {
        LocalDate today = LocalDate.parse("2026-03-15");
        assertThat(Overview.dailyQuery(today).from()).isEqualTo(LocalDate.parse("2026-02-14"));
        Overview o = Overview.of(today, report(List.of(
                day(LocalDate.parse("2026-02-14"), "a", 1, "1"),
                day(LocalDate.parse("2026-03-01"), "a", 1, "2"))), report(List.of()));
        assertThat(o.spendMonth()).isEqualByComparingTo("2");
        assertThat(o.spendToday()).isZero();
        assertThat(o.requestsToday()).isZero();
        assertThat(o.topModels().getFirst().cost()).isEqualByComparingTo("3");
    }

    @Test
    void at_most_five_top_models_and_keys_dearest_first() {
        LocalDate today = LocalDate.parse("2026-03-15");
        List<SpendRow> rows = new java.util.ArrayList<>();
        List<SpendRow> keys = new java.util.ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            rows.add(day(today, "m" + i, i, String.valueOf(i)));
            keys.add(key("k" + (8 - i), 8 - i, String.valueOf(8 - i))); // billing's order: dearest first
        }
        Overview o = Overview.of(today, report(rows), report(keys));
        assertThat(o.topModels()).extracting(Overview.Top::name).containsExactly("m7", "m6", "m5", "m4", "m3");
        assertThat(o.topKeys()).extracting(Overview.Top::name).containsExactly("k7", "k6", "k5", "k4", "k3");
        assertThat(o.topKeys().getFirst().detail()).isEqualTo("sk-sb-v1-k7");
    }
}
