package dev.switchboard.web.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The span and bucket size of the log's request histogram: the filter's date range (UTC days), per hour when it is at
 * most two days, per day otherwise; without dates, the last 24 hours per hour. A range open at one end is closed at
 * today (no To) or 30 days before To (no From), and a chart covers at most the last {@value LogFilter#MAX_DAYS} days.
 *
 * @param start first bucket's start (inclusive)
 * @param end last bucket's end (exclusive)
 */
record HistogramWindow(Instant start, Instant end, ChronoUnit unit, String caption) {

    static final int HOURLY_MAX_DAYS = 2;
    static final int DEFAULT_DAYS = 30;

    static HistogramWindow of(LogFilter filter, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (filter.from() == null && filter.to() == null) {
            Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            return new HistogramWindow(end.minus(24, ChronoUnit.HOURS), end, ChronoUnit.HOURS,
                    "Requests per hour, last 24 hours (UTC)");
        }
        LocalDate last = filter.to() != null ? filter.to() : (filter.from().isAfter(today) ? filter.from() : today);
        LocalDate first = filter.from() != null ? filter.from() : last.minusDays(DEFAULT_DAYS - 1);
        if (ChronoUnit.DAYS.between(first, last) + 1 > LogFilter.MAX_DAYS) {
            first = last.minusDays(LogFilter.MAX_DAYS - 1);
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        ChronoUnit unit = days <= HOURLY_MAX_DAYS ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        String span = days == 1 ? first.toString() : first + " to " + last;
        return new HistogramWindow(first.atStartOfDay(ZoneOffset.UTC).toInstant(), last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                unit, "Requests per " + (unit == ChronoUnit.HOURS ? "hour" : "day") + ", " + span + " (UTC)");
    }

    boolean hourly() {
        return unit == ChronoUnit.HOURS;
    }

    LocalDate firstDay() {
        return LocalDate.ofInstant(start, ZoneOffset.UTC);
    }

    LocalDate lastDay() {
        return LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
    }

    /** Every bucket's start, oldest first. */
    List<Instant> buckets() {
        List<Instant> starts = new ArrayList<>();
        for (Instant t = start; t.isBefore(end); t = t.plus(1, unit)) {
            starts.add(t);
        }
        return starts;
    }
}
