package dev.switchboard.web.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.activity.ActivityQuery.Raw;
import dev.switchboard.web.clients.BillingClient.SpendRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActivityCsvTest {

    static SpendRow model(String model, long requests, String cost) {
        return new SpendRow(model, null, null, null, null, null, null, null, null, null, requests, 10, 2, 0, 0, new BigDecimal(cost));
    }

    @Test
    void a_header_then_one_line_per_row_with_exact_dollars() {
        String csv = ActivityCsv.write(Grouping.MODEL, List.of(
                model("openai/gpt-4.1", 3, "4.002000000"),
                model("acme/tiny", 1, "0.000000001"),
                model("acme/free", 2, "0")));
        assertThat(csv).isEqualTo("""
                model,requests,prompt_tokens,completion_tokens,reasoning_tokens,cached_tokens,cost_usd\r
                openai/gpt-4.1,3,10,2,0,0,4.002\r
                acme/tiny,1,10,2,0,0,0.000000001\r
                acme/free,2,10,2,0,0,0\r
                """);
        assertThat(csv).doesNotContain("E-");
    }

    @Test
    void cells_that_a_spreadsheet_would_run_as_formulas_get_an_apostrophe() {
        for (String formula : new String[] {"=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"}) {
            assertThat(ActivityCsv.cell(formula)).as(formula).startsWith(formula.startsWith("\r") ? "\"'" : "'");
        }
        assertThat(ActivityCsv.cell("=HYPERLINK(\"http://x\",\"a,b\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\"");
        assertThat(ActivityCsv.cell("a=b")).isEqualTo("a=b");
        assertThat(ActivityCsv.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(ActivityCsv.cell(null)).isEmpty();
    }

    @Test
    void keys_and_members_carry_their_names_and_ids() {
        UUID key = UUID.fromString("00000000-0000-0000-0000-000000000001");
        SpendRow byKey = new SpendRow(null, null, key, "-danger, \"quoted\"", "sk-sb-v1-abc…123", null, null, null, null, null,
                1, 1, 1, 0, 0, new BigDecimal("0.5"));
        assertThat(ActivityCsv.write(Grouping.API_KEY, List.of(byKey))).isEqualTo(
                "api_key_name,api_key_prefix,api_key_id,requests,prompt_tokens,completion_tokens,reasoning_tokens,cached_tokens,cost_usd\r\n"
                        + "\"'-danger, \"\"quoted\"\"\",sk-sb-v1-abc…123," + key + ",1,1,1,0,0,0.5\r\n");
        SpendRow noCreator = new SpendRow(null, null, null, null, null, null, null, null, null, null, 1, 1, 1, 0, 0, BigDecimal.ONE);
        assertThat(ActivityCsv.write(Grouping.MEMBER, List.of(noCreator)).split("\r\n")[1]).isEqualTo(",,,1,1,1,0,0,1");
    }

    @Test
    void the_file_is_named_after_the_range_and_grouping() {
        Instant now = Instant.parse("2026-03-30T13:27:05Z");
        assertThat(ActivityCsv.filename(ActivityQuery.parse(new Raw("custom", "2026-03-01", "2026-03-02", "provider", null, null, null, null), now)))
                .isEqualTo("activity-2026-03-01-2026-03-02-by-provider.csv");
        assertThat(ActivityCsv.filename(ActivityQuery.parse(new Raw("24h", null, null, null, null, null, null, null), now)))
                .isEqualTo("activity-20260329T132705Z-20260330T132705Z-by-model.csv");
    }
}
