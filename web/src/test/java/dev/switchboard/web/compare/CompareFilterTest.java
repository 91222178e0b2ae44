package dev.switchboard.web.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.format.Formats;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareFilterTest {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 31);

    @Test
    void presets_end_today_and_count_today_in() {
        CompareFilter seven = CompareFilter.parse("7d", "2020-01-01", "2020-01-02", List.of(), TODAY);
        assertThat(seven.error()).isNull();
        assertThat(seven.from()).isEqualTo(LocalDate.of(2026, 3, 25)); // the dates count only with custom
        assertThat(seven.to()).isEqualTo(TODAY);
        assertThat(CompareFilter.parse("90d", null, null, null, TODAY).from()).isEqualTo(LocalDate.of(2026, 1, 1));
        CompareFilter none = CompareFilter.parse(null, null, null, null, TODAY);
        assertThat(none.range()).isEqualTo("30d");
        assertThat(none.from()).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(none.targets()).isEmpty();
    }

    @Test
    void a_custom_range_needs_both_dates_and_an_unknown_range_is_an_error() {
        CompareFilter custom = CompareFilter.parse("custom", "2026-02-01", "2026-02-28", List.of("a/b"), TODAY);
        assertThat(custom.error()).isNull();
        assertThat(custom.from()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(custom.to()).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(CompareFilter.parse("custom", "", "2026-02-28", null, TODAY).error()).startsWith("from: ");
        assertThat(CompareFilter.parse("custom", "2026-02-01", "2026-02-30", null, TODAY).error()).startsWith("to: ");
        assertThat(CompareFilter.parse("custom", "2026-2-1", "2026-02-03", null, TODAY).error()).startsWith("from: ");
        assertThat(CompareFilter.parse("week", null, null, null, TODAY).error()).isEqualTo("range: must be 7d, 30d, 90d or custom");
    }

    @Test
    void the_query_string_reproduces_the_filter_for_the_downloads() {
        CompareFilter custom = CompareFilter.parse("custom", "2026-02-01", "2026-02-28", List.of("a/b:free", "c/d e"), TODAY);
        assertThat(custom.query()).isEqualTo("range=custom&from=2026-02-01&to=2026-02-28&target=a%2Fb%3Afree&target=c%2Fd+e");
        assertThat(CompareFilter.parse("7d", "2026-02-01", null, List.of(), TODAY).query()).isEqualTo("range=7d");
        assertThat(custom.chosen("a/b:free")).isTrue();
        assertThat(custom.chosen("a/b")).isFalse();
    }

    @Test
    void differences_are_signed_and_exact() {
        assertThat(Formats.signedUsd(new BigDecimal("0.014566139"))).isEqualTo("+$0.014566139");
        assertThat(Formats.signedUsd(new BigDecimal("-0.00673785"))).isEqualTo("-$0.00673785");
        assertThat(Formats.signedUsd(BigDecimal.ZERO)).isEqualTo("$0.00");
        assertThat(Formats.signedUsd(new BigDecimal("-12"))).isEqualTo("-$12.00");
        assertThat(Formats.percent(new BigDecimal("205.91"))).isEqualTo("+205.91%");
        assertThat(Formats.percent(new BigDecimal("-35"))).isEqualTo("-35%");
        assertThat(Formats.percent(new BigDecimal("0.00"))).isEqualTo("0%");
        assertThat(Formats.percent(new BigDecimal("100"))).isEqualTo("+100%");
        assertThat(Formats.percent(null)).isEmpty();
    }
}
