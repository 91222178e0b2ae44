package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Calendar days as the reports take them: {@code YYYY-MM-DD}, a UTC day, nothing else (no time, no zone, no week). */
public final class UtcDates {

    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private UtcDates() {
    }

    /** {@code raw} as a date, or a 400 naming {@code parameter}. */
    public static LocalDate parse(String parameter, String raw) {
        if (SHAPE.matcher(raw).matches()) {
            try {
                return LocalDate.parse(raw, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                // e.g. 2025-02-30: answered below
            }
        }
        throw BillingException.badRequest(parameter, "must be a date YYYY-MM-DD (a UTC day)");
    }
}
