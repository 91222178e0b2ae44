package dev.switchboard.web.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void days_are_every_day_of_the_range_both_ends_included() {
        List<Bucket> days = Buckets.days(LocalDate.parse("2026-02-27"), LocalDate.parse("2026-03-02"));
        assertThat(days).extracting(Bucket::key).containsExactly("2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02");
        assertThat(days.getFirst().axisLabel()).isEqualTo("Feb 27");
        assertThat(days.getFirst().label()).isEqualTo("2026-02-27");
        assertThat(Buckets.days(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"))).hasSize(1);
        assertThatThrownBy(() -> Buckets.days(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-01")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_last_24_hours_touch_25_hours_unless_they_start_on_the_hour() {
        Instant end = Instant.parse("2026-03-02T13:27:05Z");
        List<Bucket> hours = Buckets.hours(end.minus(Duration.ofHours(24)), end);
        assertThat(hours).hasSize(25);
        assertThat(hours.getFirst().key()).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(hours.getLast().key()).isEqualTo("2026-03-02T13:00:00Z");
        assertThat(hours.getFirst().axisLabel()).isEqualTo("13:00");
        assertThat(hours.getFirst().label()).isEqualTo("2026-03-01 13:00 UTC");

        Instant onTheHour = Instant.parse("2026-03-02T13:00:00Z");
        List<Bucket> whole = Buckets.hours(onTheHour.minus(Duration.ofHours(24)), onTheHour);
        assertThat(whole).hasSize(24);
        assertThat(whole.getLast().key()).isEqualTo("2026-03-02T12:00:00Z"); // the end is exclusive
    }
}
