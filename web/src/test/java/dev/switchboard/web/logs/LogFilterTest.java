package dev.switchboard.web.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.logs.LogFilter.Form;
import dev.switchboard.web.logs.LogFilter.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LogFilterTest {

    private static LogFilter.Parsed parse(String model, String provider, String key, String status, String from, String to, String before) {
        return LogFilter.parse(new Form(model, provider, key, status, from, to), before);
    }

    @Test
    void an_empty_form_is_no_filter() {
        LogFilter.Parsed parsed = LogFilter.parse(Form.EMPTY, null);
        assertThat(parsed.valid()).isTrue();
        assertThat(parsed.filter()).isEqualTo(LogFilter.NONE);
        assertThat(parsed.filter().filtered()).isFalse();
        assertThat(parsed.filter().query()).isEmpty();
        assertThat(parsed.filter().since()).isNull();
        assertThat(parsed.filter().until()).isNull();
    }

    @Test
    void reads_every_field_and_writes_them_back_canonically() {
        UUID key = UUID.randomUUID();
        LogFilter.Parsed parsed = parse(" openai/gpt-4o ", "openai", key.toString(), "ERROR", "2026-11-01", "2026-11-02", null);
        assertThat(parsed.errors()).isEmpty();
        LogFilter f = parsed.filter();
        assertThat(f.model()).isEqualTo("openai/gpt-4o");
        assertThat(f.provider()).isEqualTo("openai");
        assertThat(f.keyId()).isEqualTo(key);
        assertThat(f.status()).isEqualTo(Status.ERROR);
        assertThat(f.since()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(f.until()).isEqualTo(Instant.parse("2026-11-03T00:00:00Z"));
        assertThat(f.query()).isEqualTo("?model=openai%2Fgpt-4o&provider=openai&key=" + key + "&status=error&from=2026-11-01&to=2026-11-02");
        assertThat(f.form()).isEqualTo(new Form("openai/gpt-4o", "openai", key.toString(), "error", "2026-11-01", "2026-11-02"));
    }

    @Test
    void status_is_success_error_or_an_http_error_status() {
        assertThat(parse("", "", "", "success", "", "", null).filter().status()).isEqualTo(Status.SUCCESS);
        assertThat(parse("", "", "", "429", "", "", null).filter().status()).isEqualTo(new Status(Status.Kind.HTTP, 429));
        assertThat(parse("", "", "", "599", "", "", null).filter().status().code()).isEqualTo(599);
        for (String bad : new String[] {"200", "399", "600", "42", "4290", "+429", "oops", "٤٢٩"}) {
            assertThat(parse("", "", "", bad, "", "", null).errors()).as(bad)
                    .containsExactly("Status must be success, error or an HTTP error status from 400 to 599.");
        }
    }

    @Test
    void dates_must_be_dates_in_order_and_at_most_a_year_apart() {
        assertThat(parse("", "", "", "", "yesterday", "2026-13-01", null).errors())
                .containsExactly("From must be a date written YYYY-MM-DD.", "To must be a date written YYYY-MM-DD.");
        assertThat(parse("", "", "", "", "2026-11-02", "2026-11-01", null).errors()).containsExactly("From must be on or before To.");
        assertThat(parse("", "", "", "", "2025-01-01", "2026-01-02", null).errors()).containsExactly("The date range can be at most 366 days.");
        assertThat(parse("", "", "", "", "2024-01-01", "2024-12-31", null).errors()).as("a leap year fits").isEmpty();
        assertThat(parse("", "", "", "", "2025-01-01", "2026-01-01", null).errors()).as("366 days").isEmpty();
        assertThat(parse("", "", "", "", "2026-11-28", "2026-11-28", null).filter().until()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void long_text_is_refused_not_cut() {
        assertThat(parse("x".repeat(201), "", "", "", "", "", null).errors()).containsExactly("Model can be at most 200 characters.");
        assertThat(parse("x".repeat(200), "", "", "", "", "", null).errors()).isEmpty();
    }

    @Test
    void a_key_that_is_not_a_uuid_becomes_a_key_no_organization_has() {
        LogFilter.Parsed parsed = parse("", "", "not-a-key", "", "", "", null);
        assertThat(parsed.valid()).isTrue();
        assertThat(parsed.filter().keyId()).isEqualTo(LogFilter.UNKNOWN_KEY);
    }

    @Test
    void the_cursor_goes_round_the_url_exactly_and_a_damaged_one_is_refused() {
        Cursor cursor = Cursor.of(Instant.parse("2026-11-28T10:15:30.123456789Z"), "gen-1795860930-abcDEF0123456789xyzQ");
        assertThat(cursor.createdAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123456Z"));
        assertThat(cursor.encode()).isEqualTo("1795860930123456~gen-1795860930-abcDEF0123456789xyzQ");
        LogFilter.Parsed parsed = parse("", "", "", "", "", "", cursor.encode());
        assertThat(parsed.filter().before()).isEqualTo(cursor);
        assertThat(LogFilter.NONE.withBefore(cursor).query()).isEqualTo("?before=1795860930123456~gen-1795860930-abcDEF0123456789xyzQ");
        for (String bad : new String[] {"1795860930123456", "~gen-1-a", "12x~gen-1-a", "1~notagen", "99999999999999999999~gen-1-a", "1~gen-1-a b"}) {
            assertThat(parse("", "", "", "", "", "", bad).errors()).as(bad)
                    .containsExactly("The page link is damaged: start again from the newest generations.");
        }
    }

    @Test
    void a_range_open_at_one_end_filters_that_end_only() {
        LogFilter f = parse("", "", "", "", "2026-11-01", "", null).filter();
        assertThat(f.from()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(f.until()).isNull();
    }
}
