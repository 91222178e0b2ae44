package dev.switchboard.billing.payments;

import dev.switchboard.billing.api.BillingException;
import java.math.BigDecimal;

/** USD as the API speaks it (JSON numbers, plain decimals) ↔ nano-USD as the ledger keeps it ↔ cents as Stripe charges. */
public final class Usd {

    public static final long NANOS_PER_CENT = 10_000_000L;

    private Usd() {
    }

    /** {@code nanos} as USD without trailing zeros, e.g. 5 800 000 000 → 5.8, 0 → 0. */
    public static BigDecimal of(long nanos) {
        BigDecimal usd = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }

    /** Exact cents of an amount that is a whole number of cents (every purchase, fee and refund is). */
    public static long cents(long nanos) {
        if (nanos % NANOS_PER_CENT != 0) {
            throw new IllegalArgumentException("not a whole number of cents: " + nanos + " nano-USD");
        }
        return nanos / NANOS_PER_CENT;
    }

    public static long nanosOfCents(long cents) {
        return Math.multiplyExact(cents, NANOS_PER_CENT);
    }

    /**
     * A money field of a request: a positive USD amount in whole cents, or a 400 naming {@code field}. Bounds are
     * checked by the caller, which knows them.
     */
    public static long wholeCents(String field, BigDecimal usd) {
        if (usd == null) {
            throw BillingException.badRequest(field, "is required (USD, e.g. 12.34)");
        }
        if (usd.stripTrailingZeros().scale() > 2) {
            throw BillingException.badRequest(field, "must be whole cents (at most 2 decimal places)");
        }
        if (usd.signum() <= 0) {
            throw BillingException.badRequest(field, "must be more than 0");
        }
        try {
            return usd.movePointRight(9).longValueExact();
        } catch (ArithmeticException e) {
            throw BillingException.badRequest(field, "is too large");
        }
    }

    /** A USD amount written as text (a query parameter), or a 400 naming {@code field}. */
    public static BigDecimal parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw BillingException.badRequest(field, "is required (USD, e.g. 12.34)");
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw BillingException.badRequest(field, "must be a number of USD, e.g. 12.34");
        }
    }
}
