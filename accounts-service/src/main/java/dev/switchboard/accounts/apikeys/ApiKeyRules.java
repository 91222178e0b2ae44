package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.schema.accounts.LimitReset;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The rules of a key's settings, checked before anything is written; each failure is a 400 naming its field. */
final class ApiKeyRules {

    static final int MAX_NAME_LENGTH = 100;
    /** The most requests per minute a key may be given (the table's CHECK too). */
    static final int MAX_RATE_LIMIT_RPM = 1_000_000;
    /** The most tokens per minute a key may be given (the table's CHECK too). */
    static final long MAX_RATE_LIMIT_TPM = 10_000_000_000L;

    private ApiKeyRules() {
    }

    /** {@code raw} without surrounding blanks: 1 to 100 characters, no control characters (the table's CHECK too). */
    static String name(String raw) {
        if (raw == null) {
            throw AccountsException.badRequest("name", "is required");
        }
        String name = raw.strip();
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_NAME_LENGTH) {
            throw AccountsException.badRequest("name", "must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw AccountsException.badRequest("name", "must not contain control characters");
        }
        return name;
    }

    /** {@code daily}, {@code weekly} or {@code monthly}; null stays null. */
    static LimitReset limitReset(String raw) {
        if (raw == null) {
            return null;
        }
        for (LimitReset reset : LimitReset.values()) {
            if (reset.name().toLowerCase(Locale.ROOT).equals(raw)) {
                return reset;
            }
        }
        throw AccountsException.badRequest("limit_reset", "must be daily, weekly or monthly");
    }

    /** An ISO-8601 date-time with offset, strictly after {@code now}; null stays null. */
    static Instant expiresAt(String raw, Instant now) {
        if (raw == null) {
            return null;
        }
        Instant expiresAt;
        try {
            expiresAt = OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw AccountsException.badRequest("expires_at", "must be an ISO-8601 date-time with offset, e.g. 2030-01-31T00:00:00Z");
        }
        if (!expiresAt.isAfter(now)) {
            throw AccountsException.badRequest("expires_at", "must be in the future");
        }
        return expiresAt;
    }

    /** Requests per minute, a whole number from 1 to {@link #MAX_RATE_LIMIT_RPM}; null stays null (the gateway's default). */
    static Integer rateLimitRpm(BigDecimal raw) {
        Long rpm = perMinute("rate_limit_rpm", raw, MAX_RATE_LIMIT_RPM);
        return rpm == null ? null : rpm.intValue();
    }

    /** Tokens per minute, a whole number from 1 to {@link #MAX_RATE_LIMIT_TPM}; null stays null (the gateway's default). */
    static Long rateLimitTpm(BigDecimal raw) {
        return perMinute("rate_limit_tpm", raw, MAX_RATE_LIMIT_TPM);
    }

    /**
     * {@code 5.0} counts as whole, as in the gateway's request fields. Compared as decimals before any conversion, so
     * that {@code 1e999999999} is refused without ever being expanded.
     */
    private static Long perMinute(String field, BigDecimal raw, long max) {
        if (raw == null) {
            return null;
        }
        boolean whole = raw.stripTrailingZeros().scale() <= 0;
        if (!whole || raw.compareTo(BigDecimal.ONE) < 0 || raw.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw AccountsException.badRequest(field, "must be a whole number from 1 to " + max + ", or null for the default");
        }
        return raw.longValueExact();
    }

    /** A reset period only means something for a limit. */
    static void resetNeedsLimit(Long limitNanos, LimitReset reset) {
        if (reset != null && limitNanos == null) {
            throw AccountsException.badRequest("limit_reset", "needs a limit");
        }
    }
}
