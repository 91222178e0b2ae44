package dev.switchboard.schema.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact money: an amount of US dollars in nano-dollars (10^-9 USD), the unit every amount column stores.
 * Never a double: conversions to and from decimal strings are exact.
 */
public record NanoUsd(long nanos) implements Comparable<NanoUsd> {

    public static final long PER_USD = 1_000_000_000L;
    public static final NanoUsd ZERO = new NanoUsd(0);

    public static NanoUsd of(long nanos) {
        return new NanoUsd(nanos);
    }

    /** Parses "12.34" (USD) exactly; more than nine decimal places is an error, not a silent rounding. */
    public static NanoUsd parseUsd(String usd) {
        try {
            return new NanoUsd(new BigDecimal(usd).movePointRight(9).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number of nano-dollars: " + usd, e);
        }
    }

    public static NanoUsd ofCents(long cents) {
        return new NanoUsd(Math.multiplyExact(cents, 10_000_000L));
    }

    public NanoUsd plus(NanoUsd other) {
        return new NanoUsd(Math.addExact(nanos, other.nanos));
    }

    public NanoUsd minus(NanoUsd other) {
        return new NanoUsd(Math.subtractExact(nanos, other.nanos));
    }

    public NanoUsd negate() {
        return new NanoUsd(Math.negateExact(nanos));
    }

    public boolean isNegative() {
        return nanos < 0;
    }

    /** The amount in USD as an exact decimal, trailing zeros removed (e.g. 0.000123). */
    public BigDecimal toUsd() {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    }

    /** Plain decimal string of the USD amount, e.g. "10" or "0.0000042". */
    public String toUsdString() {
        return toUsd().toPlainString();
    }

    @Override
    public int compareTo(NanoUsd o) {
        return Long.compare(nanos, o.nanos);
    }

    @Override
    public String toString() {
        return "$" + toUsdString();
    }
}
