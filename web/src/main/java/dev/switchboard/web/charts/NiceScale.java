package dev.switchboard.web.charts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The y axis: from zero to a round top at or above the tallest bar, in about four steps of 1, 2, 2.5 or 5 times a
 * power of ten, each a multiple of the measure's quantum. Exact decimal arithmetic, so "$0.0000025" is a tick and not
 * "$0.0000024999".
 */
record NiceScale(BigDecimal top, BigDecimal step, List<BigDecimal> ticks) {

    static final int INTERVALS = 4;
    private static final BigDecimal[] MULTIPLES = {new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("2.5"),
            new BigDecimal("5"), new BigDecimal("10")};

    static NiceScale of(BigDecimal max, BigDecimal quantum) {
        if (max.signum() < 0) {
            throw new IllegalArgumentException("bars measure non-negative values");
        }
        if (max.signum() == 0) {
            // nothing to scale: a baseline and one step above it, so the empty chart still has an axis
            return new NiceScale(quantum, quantum, List.of(BigDecimal.ZERO, quantum));
        }
        BigDecimal raw = max.divide(BigDecimal.valueOf(INTERVALS)); // exact: 4 = 2², the quotient terminates
        int exponent = raw.precision() - raw.scale() - 1; // ⌊log10(raw)⌋
        BigDecimal magnitude = BigDecimal.ONE.scaleByPowerOfTen(exponent);
        BigDecimal step = null;
        for (BigDecimal multiple : MULTIPLES) {
            BigDecimal candidate = magnitude.multiply(multiple);
            if (candidate.compareTo(raw) >= 0 && candidate.compareTo(quantum) >= 0
                    && candidate.remainder(quantum).signum() == 0) {
                step = candidate;
                break;
            }
        }
        if (step == null) { // a magnitude below the quantum: the quantum itself is the finest step
            step = quantum.max(raw.divide(quantum, 0, RoundingMode.CEILING).multiply(quantum));
        }
        BigDecimal top = max.divide(step, 0, RoundingMode.CEILING).multiply(step);
        List<BigDecimal> ticks = new ArrayList<>();
        for (BigDecimal tick = BigDecimal.ZERO; tick.compareTo(top) <= 0; tick = tick.add(step)) {
            ticks.add(tick.stripTrailingZeros());
        }
        return new NiceScale(top.stripTrailingZeros(), step.stripTrailingZeros(), List.copyOf(ticks));
    }
}
