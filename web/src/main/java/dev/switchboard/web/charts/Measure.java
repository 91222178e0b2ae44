package dev.switchboard.web.charts;

import dev.switchboard.web.format.Formats;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * What a chart's bars measure and how a value reads: dollars (exact, as everywhere on the dashboard) or a count
 * ("12 requests"). {@code quantum} is the smallest amount there is (a nano-dollar, one request): axis ticks are
 * multiples of it, so a tick never reads a value that cannot occur or rounds to its neighbour.
 */
public record Measure(String noun, BigDecimal quantum, Function<BigDecimal, String> text, Function<BigDecimal, String> tick) {

    /** USD, written as the dashboard writes money: "$0.50", "$0.000123". */
    public static Measure usd() {
        return new Measure("spend", new BigDecimal("0.000000001"), Formats::usd, Formats::usd);
    }

    /** A count of {@code noun}s (plural, e.g. "requests"): "1,234 requests" in tooltips, "1,234" on the axis. */
    public static Measure count(String noun) {
        return new Measure(noun, BigDecimal.ONE, value -> Formats.count(value.longValueExact()) + " " + noun,
                value -> Formats.count(value.longValueExact()));
    }

    /** The value as tooltips and descriptions say it. */
    public String text(BigDecimal value) {
        return text.apply(value);
    }

    /** The value as the y axis says it. */
    public String tick(BigDecimal value) {
        return tick.apply(value);
    }
}
