package dev.switchboard.web.format;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the dashboard writes money, counts and times; templates call these ({@code {cost.usd}}), never format inline.
 * Money is exact: dollars with cents, and a sub-cent or fractional amount with as many digits as it has (up to the
 * nano-dollar), so a non-zero cost never reads "$0.00".
 */
@TemplateExtension
public class Formats {

    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT);

    private Formats() {
    }

    /** {@code 10 → "$10.00"}, {@code 0.000123 → "$0.000123"}, {@code -0.8 → "-$0.80"}, {@code 10550 → "$10,550.00"}. */
    public static String usd(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        BigDecimal exact = amount.setScale(9, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (exact.scale() < 2) {
            exact = exact.setScale(2, RoundingMode.UNNECESSARY);
        }
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setMinimumFractionDigits(exact.scale());
        format.setMaximumFractionDigits(exact.scale());
        String digits = format.format(exact.abs());
        return (exact.signum() < 0 ? "-$" : "$") + digits;
    }

    /** An amount in nano-USD, as the schema stores it. */
    public static String usdNanos(long nanos) {
        return usd(BigDecimal.valueOf(nanos).divide(NANOS_PER_USD));
    }

    /** Plain number of a nano-USD amount, for CSV and data attributes: {@code 1234 → "0.000001234"}. */
    public static String plainUsd(long nanos) {
        return BigDecimal.valueOf(nanos).divide(NANOS_PER_USD).stripTrailingZeros().toPlainString();
    }

    /** {@code 1234567 → "1,234,567"}. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /*
     * minute and second need a priority above Qute's generated member resolvers (10): OffsetDateTime has getMinute()
     * and getSecond() of its own, which would otherwise win, and {t.minute} would print "22" instead of the time.
     */

    @TemplateExtension(priority = 11)
    public static String minute(OffsetDateTime time) {
        return time == null ? "" : time.withOffsetSameInstant(ZoneOffset.UTC).format(MINUTE);
    }

    @TemplateExtension(priority = 11)
    public static String second(OffsetDateTime time) {
        return time == null ? "" : time.withOffsetSameInstant(ZoneOffset.UTC).format(SECOND);
    }

    // --- logs and models ---

    /** {@code 1234 → "1,234 ms"}; an unmeasured duration (null) is "—". */
    public static String millis(Integer millis) {
        return millis == null ? "—" : count(millis) + " ms";
    }

    /** Tokens per second over a duration: {@code (50, 2000) → "25.0 tokens/s"}; "—" without a positive duration. */
    public static String tokensPerSecond(int tokens, Integer millis) {
        if (millis == null || millis <= 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%,.1f tokens/s", tokens * 1000.0 / millis);
    }

    /** A per-token price (pico-USD per token, as the catalog stores it) per million tokens: {@code 2500000 → "$2.50"}. */
    public static String usdPerMillionTokens(long picosPerToken) {
        return usd(BigDecimal.valueOf(picosPerToken, 6));
    }

    /** An amount in pico-USD (a per-request or per-image price), exact: {@code 1000 → "$0.000000001"}. */
    public static String usdPicos(long picos) {
        BigDecimal exact = BigDecimal.valueOf(picos, 12).stripTrailingZeros();
        return exact.scale() > 9 ? "$" + exact.toPlainString() : usd(exact);
    }

    /**
     * Share of requests that did not fail, as a percentage rounded down (so any failure shows below 100 %):
     * {@code (2000, 1) → "99.95%"}; "no data" when there were no requests.
     */
    public static String uptime(long requests, long failures) {
        if (requests <= 0) {
            return "no data";
        }
        BigDecimal percent = BigDecimal.valueOf(requests - failures).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(requests), 2, RoundingMode.FLOOR).stripTrailingZeros();
        return percent.toPlainString() + "%";
    }

    // --- compare ---

    /** A difference of money, signed both ways so a saving and an extra cost read apart: "+$0.01", "-$0.0067", "$0.00". */
    public static String signedUsd(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        return amount.signum() > 0 ? "+" + usd(amount) : usd(amount);
    }

    /** A percentage as billing computes it (at most two decimals), signed: "+205.91%", "-35%", "0%". */
    public static String percent(BigDecimal value) {
        if (value == null) {
            return "";
        }
        String digits = value.stripTrailingZeros().toPlainString();
        return (value.signum() > 0 ? "+" : "") + digits + "%";
    }
}
