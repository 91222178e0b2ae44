package dev.switchboard.web.keys;

import dev.switchboard.web.clients.AccountsClient.ApiKey;
import dev.switchboard.web.clients.AccountsClient.NewKey;
import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.format.UsdInput;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The key forms as typed, and what they become in accounts' API. Only what a form can get wrong on its own (a limit
 * that is no number, a date that is no date) is refused here; every rule of a key's settings (name length, limit
 * bounds, a reset without a limit, rate limits from 1 to their maximum, an expiry in the past, management for members)
 * is accounts', so the page shows accounts' own 400 and the two can never disagree.
 */
public record KeyForm(String name, String limit, String limitReset, String rateLimitRpm, String rateLimitTpm,
                      String expiresAt, boolean management) {

    /** One option of the reset select: its value, and what the person reads. */
    public record Choice(String value, String label) {
    }

    /** The reset periods accounts knows; periods start at midnight UTC, Monday for weeks, the 1st for months. */
    static final List<Choice> RESETS = List.of(new Choice("none", "Never: the limit is for the key's whole life"),
            new Choice("daily", "Daily"), new Choice("weekly", "Weekly (from Monday)"),
            new Choice("monthly", "Monthly (from the 1st)"));

    /**
     * Digits with an optional sign: a sign, zero or too many digits go on to accounts, which refuses them in its words;
     * the cap only keeps absurd input from becoming an absurd JSON number.
     */
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,30}");

    static KeyForm empty() {
        return new KeyForm("", "", "none", "", "", "", false);
    }

    /** The edit form of {@code key}, filled with its current limits; a rate limit at the default is blank. */
    static KeyForm of(ApiKey key) {
        return new KeyForm(key.name(), key.limit() == null ? "" : key.limit().toPlainString(),
                key.limitReset() == null ? "none" : key.limitReset(),
                key.rateLimitRpm() == null ? "" : key.rateLimitRpm().toString(),
                key.rateLimitTpm() == null ? "" : key.rateLimitTpm().toString(), "", key.management());
    }

    /** The body of a new key. */
    NewKey toNewKey() {
        return new NewKey(name, UsdInput.optional("limit", limit), reset(limitReset),
                perMinute("rate_limit_rpm", rateLimitRpm), perMinute("rate_limit_tpm", rateLimitTpm), expiry(expiresAt),
                management ? Boolean.TRUE : null);
    }

    /**
     * The PATCH of "Edit limits": every field always sent, so a blank limit lifts it, "none" ends the period and a blank
     * rate limit goes back to the gateway's default.
     */
    Map<String, Object> toLimitChanges() {
        Map<String, Object> changes = new HashMap<>(); // null values mean "remove": Map.of refuses them
        changes.put("limit", UsdInput.optional("limit", limit));
        changes.put("limit_reset", reset(limitReset));
        changes.put("rate_limit_rpm", perMinute("rate_limit_rpm", rateLimitRpm));
        changes.put("rate_limit_tpm", perMinute("rate_limit_tpm", rateLimitTpm));
        return changes;
    }

    /** "none" or blank is no period; anything else goes to accounts as typed (it names a bad one). */
    static String reset(String raw) {
        if (raw == null || raw.isBlank() || "none".equals(raw)) {
            return null;
        }
        return raw;
    }

    /** A rate limit as typed; blank is the gateway's default (null). */
    static BigInteger perMinute(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String trimmed = raw.strip();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw WebException.badRequest(field + ": must be a whole number, e.g. 600");
        }
        return new BigInteger(trimmed);
    }

    /**
     * A date from the date input as the end of that day in UTC ({@code 2030-01-31} → {@code 2030-01-31T23:59:59Z}):
     * the key works through the whole day it names, whatever the person's time zone; blank is no expiry.
     */
    static String expiry(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.strip()) + "T23:59:59Z";
        } catch (DateTimeParseException e) {
            throw WebException.badRequest("expires_at: must be a date (YYYY-MM-DD)");
        }
    }

    public List<Choice> resets() {
        return RESETS;
    }
}
