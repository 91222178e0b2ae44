package dev.switchboard.web.logs;

import dev.switchboard.web.format.Formats;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The log's request histogram: one stacked bar per bucket (successes below, errors above), drawn on the server as SVG
 * so it needs no script and no asset. Every bar has a {@code <title>} with its exact counts (a tooltip, and what a
 * screen reader reads), and the figure's caption says the span and totals.
 * <p>
 * Minimal on purpose: the dashboard's shared chart builder ({@code dev.switchboard.web.charts}, branch h-activity) had
 * not landed when this was written; this is to be replaced by it.
 */
public record Histogram(String caption, List<Bar> bars, long requests, long errors) {

    /** One bucket: its label (UTC) and counts. */
    public record Bar(Instant start, String label, long successes, long errors) {

        long total() {
            return successes + errors;
        }
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 180;
    static final int LEFT = 44;
    static final int RIGHT = 8;
    static final int TOP = 10;
    static final int BOTTOM = 24;
    static final String SUCCESS_COLOR = "#0b57d0";
    static final String ERROR_COLOR = "#b3261e";

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter HOUR_TICK = DateTimeFormatter.ofPattern("HH:00", Locale.ROOT);
    private static final DateTimeFormatter DAY_TICK = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    /** The window's buckets filled from the counts found (bucket start → {successes, errors}); missing ones are 0. */
    static Histogram of(HistogramWindow window, Map<Instant, long[]> counts) {
        DateTimeFormatter format = window.hourly() ? HOUR : DAY;
        List<Bar> bars = window.buckets().stream().map(start -> {
            long[] c = counts.getOrDefault(start, new long[2]);
            return new Bar(start, format.format(start.atOffset(ZoneOffset.UTC)) + (window.hourly() ? " UTC" : ""), c[0], c[1]);
        }).toList();
        long successes = bars.stream().mapToLong(Bar::successes).sum();
        long errors = bars.stream().mapToLong(Bar::errors).sum();
        return new Histogram(window.caption(), bars, successes + errors, errors);
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code max} (at least 1), for the y axis. */
    static long niceCeiling(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * step >= max) {
                    return m * step;
                }
            }
            step *= 10;
        }
    }

    /** "1,234 requests, 1 error". */
    public String summary() {
        return Formats.count(requests) + (requests == 1 ? " request, " : " requests, ") + Formats.count(errors)
                + (errors == 1 ? " error" : " errors");
    }

    /** The SVG markup; every text in it is either a number or a date this class formatted, so nothing needs escaping. */
    public String svg() {
        long max = niceCeiling(bars.stream().mapToLong(Bar::total).max().orElse(0));
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = plotWidth / Math.max(1, bars.size());
        double barWidth = Math.max(1, slot * 0.8);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" data-testid=\"request-histogram\" role=\"img\" aria-labelledby=\"histogram-title\" ")
                .append("viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title id=\"histogram-title\">").append(caption).append(": ").append(summary()).append("</title>");
        // y axis: 0, half and top, with grid lines
        for (long value : new long[] {0, max / 2, max}) {
            if (value == max / 2 && max < 2) {
                continue;
            }
            double y = TOP + plotHeight - plotHeight * value / max;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#d9d9d9\" stroke-width=\"1\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">").append(value).append("</text>");
        }
        int tickEvery = Math.max(1, (int) Math.ceil(bars.size() / 8.0));
        boolean hourly = bars.size() > 1 && bars.get(1).start().getEpochSecond() - bars.get(0).start().getEpochSecond() == 3600;
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double x = LEFT + i * slot + (slot - barWidth) / 2;
            double successHeight = plotHeight * bar.successes() / max;
            double errorHeight = plotHeight * bar.errors() / max;
            double base = TOP + plotHeight;
            svg.append("<g data-bucket=\"").append(bar.label()).append("\" data-successes=\"").append(bar.successes())
                    .append("\" data-errors=\"").append(bar.errors()).append("\"><title>").append(bar.label()).append(": ")
                    .append(bar.total()).append(bar.total() == 1 ? " request" : " requests").append(", ").append(bar.errors())
                    .append(bar.errors() == 1 ? " error" : " errors").append("</title>");
            if (bar.successes() > 0) {
                svg.append(rect(x, base - successHeight, barWidth, successHeight, SUCCESS_COLOR));
            }
            if (bar.errors() > 0) {
                svg.append(rect(x, base - successHeight - errorHeight, barWidth, errorHeight, ERROR_COLOR));
            }
            svg.append("</g>");
            if (i % tickEvery == 0) {
                String tick = (hourly ? HOUR_TICK : DAY_TICK).format(bar.start().atOffset(ZoneOffset.UTC));
                svg.append("<text x=\"").append(fmt(LEFT + i * slot + slot / 2)).append("\" y=\"").append(HEIGHT - 8)
                        .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">").append(tick).append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String rect(double x, double y, double width, double height, String color) {
        // a non-zero count is never drawn thinner than a pixel, so a single error stays visible beside thousands
        double h = Math.max(1, height);
        return "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(Math.min(y, y + height - h)) + "\" width=\"" + fmt(width) + "\" height=\""
                + fmt(h) + "\" fill=\"" + color + "\"/>";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
