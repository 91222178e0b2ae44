package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.schema.accounts.LimitReset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The rules of a key's settings, checked before anything is written; each failure is a 400 naming its field. */
final class ApiKeyRules {

    static final int MAX_NAME_LENGTH = 100;

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

    /** A reset period only means something for a limit. */
    static void resetNeedsLimit(Long limitNanos, LimitReset reset) {
        if (reset != null && limitNanos == null) {
            throw AccountsException.badRequest("limit_reset", "needs a limit");
        }
    }
}
