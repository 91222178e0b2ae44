package dev.switchboard.web.charts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The x axes the dashboard draws: every UTC day of a range, or every UTC hour a window touches. Every slot is there
 * whether or not it has data, so a day without usage is drawn as zero rather than left out.
 */
public final class Buckets {

    /** The most slots a chart takes (a year of days, with a leap day): beyond it, bars would be thinner than a pixel. */
    public static final int MAX = 366;

    private static final DateTimeFormatter DAY_AXIS = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter HOUR_AXIS = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private Buckets() {
    }

    /** {@code from} through {@code to}, both inclusive; keys {@code 2026-03-03} (ISO dates, as the reports write days). */
    public static List<Bucket> days(LocalDate from, LocalDate to) {
        long count = ChronoUnit.DAYS.between(from, to) + 1;
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("a chart takes 1 to " + MAX + " days, not " + count);
        }
        List<Bucket> days = new ArrayList<>((int) count);
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(new Bucket(day.toString(), DAY_AXIS.format(day), day.toString()));
        }
        return days;
    }

    /**
     * The UTC hours that {@code start} (inclusive) to {@code end} (exclusive) touch: the hour of {@code start} through
     * the hour of the last instant before {@code end}; keys {@code 2026-03-03T14:00:00Z} (as the reports write hours).
     * A window that does not start on the hour has partial first and last hours (24 hours from 13:27 touch 25).
     */
    public static List<Bucket> hours(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("the window must end after it starts");
        }
        Instant first = start.truncatedTo(ChronoUnit.HOURS);
        Instant last = end.minusNanos(1).truncatedTo(ChronoUnit.HOURS);
        long count = ChronoUnit.HOURS.between(first, last) + 1;
        if (count > MAX) {
            throw new IllegalArgumentException("a chart takes at most " + MAX + " hours, not " + count);
        }
        List<Bucket> hours = new ArrayList<>((int) count);
        for (Instant hour = first; !hour.isAfter(last); hour = hour.plus(1, ChronoUnit.HOURS)) {
            var utc = hour.atOffset(ZoneOffset.UTC);
            hours.add(new Bucket(hour.toString(), HOUR_AXIS.format(utc), HOUR_LABEL.format(utc)));
        }
        return hours;
    }
}
