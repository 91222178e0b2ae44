package dev.switchboard.web.format;

import dev.switchboard.web.errors.WebException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A USD amount typed into a form field, turned into the JSON number the services read. Only the shape is checked
 * here (a plain decimal, so that "12,5" or "1e3" never reach a service as something else); the bounds and the
 * number of decimals are the owning service's rules, and its 400 is what the person reads.
 */
public final class UsdInput {

    /** Digits with an optional fraction, an optional sign and "$"; no exponent, no thousands separators. */
    private static final Pattern PLAIN = Pattern.compile("[+-]?\\$?(\\d{1,12}(\\.\\d{0,12})?|\\.\\d{1,12})");

    private UsdInput() {
    }

    /** The amount in {@code text}, null when blank, or a 400 "{field}: must be a number of USD, e.g. 12.34". */
    public static BigDecimal optional(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.strip();
        if (!PLAIN.matcher(trimmed).matches()) {
            throw WebException.badRequest(field + ": must be a number of USD, e.g. 12.34");
        }
        String digits = trimmed.replace("$", "");
        if (digits.endsWith(".")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        // BigDecimal keeps the scale as typed ("10.50" stays 10.50) and is never negative-scaled here, so the JSON
        // number goes out as written.
        return new BigDecimal(digits);
    }

    /** As {@link #optional}, but blank is a 400 "{field}: is required (USD, e.g. 12.34)". */
    public static BigDecimal required(String field, String text) {
        BigDecimal amount = optional(field, text);
        if (amount == null) {
            throw WebException.badRequest(field + ": is required (USD, e.g. 12.34)");
        }
        return amount;
    }
}
