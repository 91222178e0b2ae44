package dev.switchboard.web.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.logs.LogFilter.Form;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The statements' shape: scoped by organization first, the partial index's predicate repeated, parameters in order. */
class LogSqlTest {

    private static final UUID ORG = UUID.randomUUID();

    private static LogFilter filter(String model, String provider, String key, String status, String from, String to, String before) {
        LogFilter.Parsed parsed = LogFilter.parse(new Form(model, provider, key, status, from, to), before);
        assertThat(parsed.errors()).isEmpty();
        return parsed.filter();
    }

    @Test
    void the_unfiltered_page_is_the_organization_newest_first() {
        Sql sql = LogSql.page(ORG, LogFilter.NONE, 51);
        assertThat(sql.text()).isEqualTo("SELECT " + LogSql.COLUMNS + " FROM generations WHERE organization_id = ? "
                + "ORDER BY created_at DESC, id DESC LIMIT ?");
        assertThat(sql.params()).containsExactly(ORG, 51);
    }

    @Test
    void every_filter_and_the_cursor_in_order() {
        UUID key = UUID.randomUUID();
        Cursor cursor = Cursor.of(Instant.parse("2026-11-02T03:04:05.000006Z"), "gen-1793588645-abc");
        Sql sql = LogSql.page(ORG, filter("m/x", "p", key.toString(), "success", "2026-11-01", "2026-11-02", cursor.encode()), 51);
        assertThat(sql.text()).isEqualTo("SELECT " + LogSql.COLUMNS + " FROM generations WHERE organization_id = ? AND model_id = ? "
                + "AND provider_id = ? AND api_key_id = ? AND status < 400 AND finish_reason IS DISTINCT FROM 'error' "
                + "AND created_at >= ? AND created_at < ? AND created_at <= ? AND (created_at < ? OR id < ?) "
                + "ORDER BY created_at DESC, id DESC LIMIT ?");
        OffsetDateTime at = OffsetDateTime.parse("2026-11-02T03:04:05.000006Z");
        assertThat(sql.params()).containsExactly(ORG, "m/x", "p", key, OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 11, 3, 0, 0, 0, 0, ZoneOffset.UTC), at, at, "gen-1793588645-abc", 51);
    }

    @Test
    void errors_repeat_the_partial_index_predicate_and_a_status_is_inline() {
        assertThat(LogSql.page(ORG, filter("", "", "", "error", "", "", null), 51).text())
                .contains("WHERE organization_id = ? AND (status >= 400 OR finish_reason = 'error') ORDER BY");
        Sql http = LogSql.page(ORG, filter("", "", "", "429", "", "", null), 51);
        assertThat(http.text()).contains("WHERE organization_id = ? AND status = 429 ORDER BY");
        assertThat(http.params()).containsExactly(ORG, 51);
    }

    @Test
    void the_daily_histogram_reads_the_rollup_except_for_one_status() {
        LocalDate first = LocalDate.of(2026, 9, 1);
        LocalDate last = LocalDate.of(2026, 11, 28);
        Sql rollup = LogSql.daily(ORG, filter("m/x", "", "", "error", "", "", null), first, last);
        assertThat(rollup.text()).isEqualTo("SELECT day AS bucket, sum(requests) AS requests, sum(errors) AS errors FROM daily_usage "
                + "WHERE organization_id = ? AND day >= ? AND day <= ? AND model_id = ? GROUP BY day");
        assertThat(rollup.params()).containsExactly(ORG, first, last, "m/x");
        Sql rows = LogSql.daily(ORG, filter("", "p", "", "502", "", "", null), first, last);
        assertThat(rows.text()).startsWith("SELECT (created_at AT TIME ZONE 'UTC')::date AS bucket").contains("FROM generations WHERE "
                + "organization_id = ? AND provider_id = ? AND status = 502 AND created_at >= ? AND created_at < ? GROUP BY 1");
        assertThat(rows.params()).containsExactly(ORG, "p", OffsetDateTime.of(2026, 9, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 11, 29, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void a_detail_names_the_organization_and_the_second_of_the_id() {
        Sql sql = LogSql.detail(ORG, "gen-1793588645-abc", Instant.ofEpochSecond(1793588645));
        assertThat(sql.text()).contains("WHERE g.id = ? AND g.organization_id = ? AND g.created_at >= ? AND g.created_at < ?");
        assertThat(sql.params()).containsExactly("gen-1793588645-abc", ORG, OffsetDateTime.parse("2026-11-02T03:04:05Z"),
                OffsetDateTime.parse("2026-11-02T03:04:06Z"));
    }
}
