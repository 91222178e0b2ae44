package dev.switchboard.web.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.logs.LogFilter.Form;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HistogramTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30Z");

    private static HistogramWindow window(String from, String to) {
        return HistogramWindow.of(LogFilter.parse(new Form("", "", "", "", from, to), null).filter(), NOW);
    }

    @Test
    void without_dates_the_last_24_hours_by_hour_including_the_current_one() {
        HistogramWindow w = window("", "");
        assertThat(w.unit()).isEqualTo(ChronoUnit.HOURS);
        assertThat(w.start()).isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        assertThat(w.end()).isEqualTo(Instant.parse("2026-11-28T11:00:00Z"));
        assertThat(w.buckets()).hasSize(24);
        assertThat(w.caption()).isEqualTo("Requests per hour, last 24 hours (UTC)");
    }

    @Test
    void up_to_two_days_by_hour_more_by_day() {
        HistogramWindow one = window("2026-11-28", "2026-11-28");
        assertThat(one.unit()).isEqualTo(ChronoUnit.HOURS);
        assertThat(one.buckets()).hasSize(24);
        assertThat(one.caption()).isEqualTo("Requests per hour, 2026-11-28 (UTC)");
        HistogramWindow two = window("2026-11-27", "2026-11-28");
        assertThat(two.unit()).isEqualTo(ChronoUnit.HOURS);
        assertThat(two.buckets()).hasSize(48);
        HistogramWindow three = window("2026-11-26", "2026-11-28");
        assertThat(three.unit()).isEqualTo(ChronoUnit.DAYS);
        assertThat(three.buckets()).hasSize(3).first().isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(three.firstDay()).hasToString("2026-11-26");
        assertThat(three.lastDay()).hasToString("2026-11-28");
        assertThat(three.caption()).isEqualTo("Requests per day, 2026-11-26 to 2026-11-28 (UTC)");
    }

    @Test
    void an_open_range_closes_at_today_or_30_days_before_to() {
        HistogramWindow fromOnly = window("2026-11-01", "");
        assertThat(fromOnly.firstDay()).hasToString("2026-11-01");
        assertThat(fromOnly.lastDay()).hasToString("2026-11-28");
        HistogramWindow toOnly = window("", "2026-10-31");
        assertThat(toOnly.firstDay()).hasToString("2026-10-02");
        assertThat(toOnly.lastDay()).hasToString("2026-10-31");
        assertThat(toOnly.buckets()).hasSize(30);
        HistogramWindow future = window("2026-12-05", "");
        assertThat(future.firstDay()).hasToString("2026-12-05");
        assertThat(future.lastDay()).hasToString("2026-12-05");
        HistogramWindow ancient = window("2020-01-01", "");
        assertThat(ancient.buckets()).hasSize(366);
        assertThat(ancient.lastDay()).hasToString("2026-11-28");
    }

    @Test
    void nice_ceilings() {
        assertThat(Histogram.niceCeiling(0)).isEqualTo(1);
        assertThat(Histogram.niceCeiling(1)).isEqualTo(1);
        assertThat(Histogram.niceCeiling(3)).isEqualTo(5);
        assertThat(Histogram.niceCeiling(7)).isEqualTo(10);
        assertThat(Histogram.niceCeiling(11)).isEqualTo(20);
        assertThat(Histogram.niceCeiling(200)).isEqualTo(200);
        assertThat(Histogram.niceCeiling(201)).isEqualTo(500);
        assertThat(Histogram.niceCeiling(1_000_001)).isEqualTo(2_000_000);
    }

    @Test
    void fills_every_bucket_and_draws_each_with_its_exact_counts() {
        HistogramWindow w = window("2026-11-26", "2026-11-28");
        Histogram h = Histogram.of(w, Map.of(Instant.parse("2026-11-27T00:00:00Z"), new long[] {9, 1},
                Instant.parse("2026-11-28T00:00:00Z"), new long[] {0, 3}));
        assertThat(h.requests()).isEqualTo(13);
        assertThat(h.summary()).isEqualTo("13 requests, 4 errors");
        assertThat(Histogram.of(w, Map.of(Instant.parse("2026-11-28T00:00:00Z"), new long[] {0, 1})).summary()).isEqualTo("1 request, 1 error");
        assertThat(h.errors()).isEqualTo(4);
        assertThat(h.bars()).extracting(Histogram.Bar::label).containsExactly("2026-11-26", "2026-11-27", "2026-11-28");
        String svg = h.svg();
        assertThat(svg).startsWith("<svg class=\"chart\" data-testid=\"request-histogram\" role=\"img\"").endsWith("</svg>");
        assertThat(svg).contains("<title id=\"histogram-title\">Requests per day, 2026-11-26 to 2026-11-28 (UTC): 13 requests, 4 errors</title>");
        assertThat(svg).contains("data-bucket=\"2026-11-26\" data-successes=\"0\" data-errors=\"0\"><title>2026-11-26: 0 requests, 0 errors</title></g>");
        assertThat(svg).contains("data-bucket=\"2026-11-27\" data-successes=\"9\" data-errors=\"1\"><title>2026-11-27: 10 requests, 1 error</title>");
        // one success and one error rect for the 27th, one error rect for the 28th, none for the empty 26th
        assertThat(Pattern.compile("<rect ").matcher(svg).results().count()).isEqualTo(3);
        // y axis up to the nice ceiling of the tallest bar (10)
        assertThat(svg).contains(">10</text>").contains(">5</text>").contains(">0</text>");
    }

    @Test
    void bar_heights_are_proportional_and_a_lone_error_is_still_visible() {
        HistogramWindow w = window("2026-11-26", "2026-11-28");
        Histogram h = Histogram.of(w, Map.of(Instant.parse("2026-11-27T00:00:00Z"), new long[] {10_000, 1}));
        String svg = h.svg();
        double plot = Histogram.HEIGHT - Histogram.TOP - Histogram.BOTTOM;
        // 10,001 requests → the axis tops out at 20,000: the success bar is half the plot high
        assertThat(svg).contains("height=\"" + String.format(java.util.Locale.ROOT, "%.1f", plot / 2) + "\" fill=\"" + Histogram.SUCCESS_COLOR);
        assertThat(svg).contains("height=\"1.0\" fill=\"" + Histogram.ERROR_COLOR + "\"");
    }

    @Test
    void hourly_ticks_name_hours() {
        Histogram h = Histogram.of(window("", ""), Map.of());
        assertThat(h.svg()).contains(">11:00</text>").doesNotContain(">11-27</text>");
        assertThat(h.bars().get(0).label()).isEqualTo("2026-11-27 11:00 UTC");
    }
}
