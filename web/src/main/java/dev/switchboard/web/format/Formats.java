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
