package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The days an organization report covers: UTC days {@code from} through {@code to}, both inclusive, at most
 * {@link #MAX_DAYS}. One reading of {@code from} and {@code to} for every report (spend, compare), so their defaults,
 * limits and error texts cannot drift apart.
 */
public record ReportRange(LocalDate from, LocalDate to) {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 366;

    /**
     * From the query string; without dates, the last {@link #DEFAULT_DAYS} UTC days up to {@code today}; with only one
     * of them, {@link #DEFAULT_DAYS} days from or up to it.
     */
    public static ReportRange from(QueryParams params, LocalDate today) {
        Optional<LocalDate> from = params.get("from").map(raw -> UtcDates.parse("from", raw));
        Optional<LocalDate> to = params.get("to").map(raw -> UtcDates.parse("to", raw));
        LocalDate last = to.orElseGet(() -> from.map(f -> f.plusDays(DEFAULT_DAYS - 1)).orElse(today));
        LocalDate first = from.orElseGet(() -> last.minusDays(DEFAULT_DAYS - 1));
        if (last.isBefore(first)) {
            throw BillingException.badRequest("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw BillingException.badRequest("to", "the range may span at most " + MAX_DAYS + " days");
        }
        return new ReportRange(first, last);
    }
}
