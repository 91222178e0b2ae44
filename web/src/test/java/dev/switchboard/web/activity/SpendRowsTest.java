package dev.switchboard.web.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.clients.BillingClient.SpendRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SpendRowsTest {

    static final LocalDate D1 = LocalDate.parse("2026-03-01");

    static SpendRow dayModel(LocalDate day, String model, long requests, long prompt, String cost) {
        return new SpendRow(model, null, null, null, null, null, null, null, day, null, requests, prompt, 1, 2, 3, new BigDecimal(cost));
    }

    @Test
    void a_table_summed_from_the_charts_rows_is_the_table_billing_would_answer() {
        List<SpendRow> chart = List.of(
                dayModel(D1, "b", 1, 10, "0.000000001"),
                dayModel(D1, "a", 2, 20, "1.5"),
                dayModel(D1.plusDays(1), "b", 3, 30, "2"),
                dayModel(D1.plusDays(2), "c", 1, 1, "2.000000001"));
        List<SpendRow> models = SpendRows.sum(chart, Grouping.MODEL);
        assertThat(models).extracting(r -> r.model() + " " + r.requests() + " " + r.promptTokens() + " " + r.completionTokens() + " "
                        + r.reasoningTokens() + " " + r.cachedTokens() + " " + r.cost().toPlainString() + " " + r.day())
                .containsExactly("b 4 40 2 4 6 2.000000001 null", "c 1 1 1 2 3 2.000000001 null", "a 2 20 1 2 3 1.5 null");
    }

    @Test
    void equal_costs_are_ordered_by_name_then_id_so_the_page_and_its_csv_agree() {
        UUID one = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID two = UUID.fromString("00000000-0000-0000-0000-000000000002");
        SpendRow k2 = new SpendRow(null, null, two, "same", "p2", null, null, null, null, null, 1, 1, 1, 0, 0, BigDecimal.ONE);
        SpendRow k1 = new SpendRow(null, null, one, "same", "p1", null, null, null, null, null, 1, 1, 1, 0, 0, BigDecimal.ONE);
        SpendRow a = new SpendRow(null, null, UUID.randomUUID(), "alpha", "p3", null, null, null, null, null, 1, 1, 1, 0, 0, BigDecimal.ONE);
        SpendRow dear = new SpendRow(null, null, UUID.randomUUID(), "zeta", "p4", null, null, null, null, null, 1, 1, 1, 0, 0, BigDecimal.TEN);
        assertThat(SpendRows.sorted(List.of(k2, a, k1, dear), Grouping.API_KEY)).containsExactly(dear, a, k1, k2);
    }
}
