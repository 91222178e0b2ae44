package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.api.AccountsException;
import java.math.BigDecimal;

/** USD as the API speaks it (JSON numbers, plain decimals) ↔ nano-USD as the database keeps it. */
final class Usd {

    /** The largest key limit accepted: far above any sane spend, far below what a {@code long} of nanos holds. */
    static final BigDecimal MAX_LIMIT = BigDecimal.valueOf(1_000_000);
    /** A limit is given to the micro-dollar at most. */
    static final int MAX_DECIMALS = 6;

    private Usd() {
    }

    /** {@code nanos} as USD without trailing zeros, e.g. 1 500 000 000 → 1.5; null stays null. */
    static BigDecimal of(Long nanos) {
        if (nanos == null) {
            return null;
        }
        BigDecimal usd = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }

    /** A limit in USD → nano-USD, or a 400 naming {@code field}: 0 to {@link #MAX_LIMIT}, at most 6 decimals. */
    static long limitNanos(String field, BigDecimal usd) {
        if (usd.signum() < 0) {
            throw AccountsException.badRequest(field, "must be 0 or more (USD)");
        }
        if (usd.compareTo(MAX_LIMIT) > 0) {
            throw AccountsException.badRequest(field, "must be at most " + MAX_LIMIT.toPlainString() + " (USD)");
        }
        if (usd.stripTrailingZeros().scale() > MAX_DECIMALS) {
            throw AccountsException.badRequest(field, "must have at most " + MAX_DECIMALS + " decimal places");
        }
        return usd.movePointRight(9).longValueExact();
    }
}
