package dev.switchboard.gateway.api.info;

import java.math.BigDecimal;

/** USD amounts on the wire: exact decimals (JSON numbers) from nano-USD, never doubles. */
final class Usd {

    private Usd() {
    }

    static BigDecimal of(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    }

    static BigDecimal ofNullable(Long nanos) {
        return nanos == null ? null : of(nanos);
    }
}
