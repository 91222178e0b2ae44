package dev.switchboard.schema.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A per-token price in pico-dollars (10^-12 USD). Prices are stored at this finer unit because real
 * per-token prices go below one nano-dollar ($0.01875 per million tokens = 18 750 pico-USD per token).
 * Catalogs quote prices in USD per million tokens: {@code $x / 1M tokens = x * 10^6 pico-USD per token}.
 */
public record PicoUsd(long picos) {

    public static final long PER_NANO = 1_000L;

    /** Exact conversion of a "USD per million tokens" quote, e.g. "2.50" → 2 500 000 pico-USD per token. */
    public static PicoUsd perTokenFromUsdPerMillion(String usdPerMillion) {
        BigDecimal value = new BigDecimal(usdPerMillion);
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a price cannot be negative: " + usdPerMillion);
        }
        try {
            return new PicoUsd(value.movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("price finer than $0.000001 per million tokens: " + usdPerMillion, e);
        }
    }

    /** The price in USD per token as a plain decimal string (the OpenRouter /models format), e.g. "0.0000025". */
    public String toUsdPerTokenString() {
        return BigDecimal.valueOf(picos, 12).stripTrailingZeros().toPlainString();
    }

    /** The price in USD per million tokens, e.g. "2.5". */
    public String toUsdPerMillionString() {
        return BigDecimal.valueOf(picos, 6).stripTrailingZeros().toPlainString();
    }
}
