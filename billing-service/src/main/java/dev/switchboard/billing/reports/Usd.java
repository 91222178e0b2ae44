package dev.switchboard.billing.reports;

import java.math.BigDecimal;

/** nano-USD as the reports write it: USD, exact, plain, without trailing zeros (1 500 000 000 → 1.5, 0 → 0). */
public final class Usd {

    private Usd() {
    }

    public static BigDecimal of(long nanos) {
        BigDecimal usd = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }
}
