package dev.switchboard.gateway.providers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads how long a provider asks us to wait, from its response headers (names in any case):
 * {@code retry-after-ms} (milliseconds, OpenAI's SDKs honour it first), then {@code retry-after} as seconds
 * ("20", "1.5") or as an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"). Shared by every format's error mapper.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The requested wait, never negative, or null when the headers ask for none (or say it unreadably). */
    public static Duration from(Map<String, String> headers, Clock clock) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        Duration millis = number(header(headers, "retry-after-ms"), 1);
        if (millis != null) {
            return millis;
        }
        String value = header(headers, "retry-after");
        if (value == null) {
            return null;
        }
        Duration seconds = number(value, 1000);
        return seconds != null ? seconds : httpDate(value, clock);
    }

    private static String header(Map<String, String> headers, String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return exact.strip();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                return header.getValue().strip();
            }
        }
        return null;
    }

    private static Duration number(String value, long millisPerUnit) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            double amount = Double.parseDouble(value);
            if (Double.isNaN(amount) || Double.isInfinite(amount) || amount < 0) {
                return null;
            }
            return Duration.ofMillis(Math.round(amount * millisPerUnit));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration httpDate(String value, Clock clock) {
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
