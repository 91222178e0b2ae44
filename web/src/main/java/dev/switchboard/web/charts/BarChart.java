package dev.switchboard.web.charts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A bar chart drawn on the server as SVG: one bar per {@link Bucket} (every day of a range, every hour of a window),
 * either stacked by series (spend per day by model) or a plain histogram of one series (requests per hour). Pure:
 * values in, a {@link Chart} out; the geometry ({@link #layout()}) is exposed to the tests.
 *
 * <ul>
 * <li>At most {@value #MAX_SERIES} series: with more, the {@value #MAX_SERIES} − 1 largest stay and the rest are one
 * "Other" series, drawn last (top of the stack) in grey.</li>
 * <li>Series are stacked from the largest total at the bottom; a segment's height is the scale of its cumulative sum
 * minus that of the one below, so a stack is exactly as tall as its total.</li>
 * <li>Every bar and segment has a {@code <title>} (the browser's tooltip: series, bucket, value); the chart has a
 * {@code <title>} and a {@code <desc>} (range, total, highest bucket) for assistive technology.</li>
 * </ul>
 */
public final class BarChart {

    public static final int MAX_SERIES = 8;

    static final double WIDTH = 760;
    static final double HEIGHT = 240;
    static final double LEFT = 84;
    static final double RIGHT = 8;
    static final double TOP = 12;
    static final double BOTTOM = 28;
    static final double PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    static final double PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    static final double BASELINE = TOP + PLOT_HEIGHT;
    /** Share of a bucket's width the bar takes; the rest is the gap between bars. */
    static final double BAR_SHARE = 0.7;
    /** How many x-axis labels at most: every n-th bucket is labelled. */
    static final int MAX_AXIS_LABELS = 10;
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    private final String id;
    private final String title;
    private final List<Bucket> buckets;
    private final Measure measure;
    private final boolean stacked;
    private final Map<String, Integer> bucketIndex = new HashMap<>();
    /** series name → value per bucket, in the order series were first added */
    private final Map<String, BigDecimal[]> series = new LinkedHashMap<>();

    private BarChart(String id, String title, List<Bucket> buckets, Measure measure, boolean stacked) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a chart id is lower-case letters, digits and dashes: " + id);
        }
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one bucket");
        }
        this.id = id;
        this.title = title;
        this.buckets = List.copyOf(buckets);
        this.measure = measure;
        this.stacked = stacked;
        for (int i = 0; i < buckets.size(); i++) {
            if (bucketIndex.put(buckets.get(i).key(), i) != null) {
                throw new IllegalArgumentException("bucket " + buckets.get(i).key() + " appears twice");
            }
        }
    }

    /** Bars stacked by series; {@code id} makes the chart's element ids unique on the page. */
    public static BarChart stacked(String id, String title, List<Bucket> buckets, Measure measure) {
        return new BarChart(id, title, buckets, measure, true);
    }

    /** One series of plain bars, no legend (e.g. requests per hour). */
    public static BarChart histogram(String id, String title, List<Bucket> buckets, Measure measure) {
        return new BarChart(id, title, buckets, measure, false);
    }

    /** Adds {@code value} to {@code series} in the bucket keyed {@code bucketKey} (values of the same pair add up). */
    public BarChart add(String seriesName, String bucketKey, BigDecimal value) {
        if (!stacked && !series.isEmpty() && !series.containsKey(seriesName)) {
            throw new IllegalArgumentException("a histogram has one series");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("bars measure non-negative values, not " + value);
        }
        Integer index = bucketIndex.get(bucketKey);
        if (index == null) {
            throw new IllegalArgumentException("no bucket " + bucketKey + " on this chart's axis");
        }
        BigDecimal[] values = series.computeIfAbsent(seriesName, name -> new BigDecimal[buckets.size()]);
        values[index] = values[index] == null ? value : values[index].add(value);
        return this;
    }

    /** A histogram's count in one bucket. */
    public BarChart count(String bucketKey, long value) {
        return add(measure.noun(), bucketKey, BigDecimal.valueOf(value));
    }

    // ----------------------------------------------------------------------------------------------------------------
    // geometry

    /** A series as drawn: its name, colour and per-bucket values (zero where it had none). */
    record Series(String name, String colour, BigDecimal[] values, BigDecimal total, boolean other) {
    }

    /** A piece of a stacked bar: series index, value, top edge and height in SVG units. */
    record Segment(int series, BigDecimal value, double y, double height) {
    }

    /** One bucket's bar: its slot, left edge and width, total, the y of its top and its segments from the bottom up. */
    record Column(Bucket bucket, double x, double width, BigDecimal total, double top, List<Segment> segments) {
    }

    record Layout(NiceScale scale, List<Series> series, List<Column> columns) {

        /** The y coordinate of a value. */
        double y(BigDecimal value) {
            return BASELINE - height(value);
        }

        double height(BigDecimal value) {
            return PLOT_HEIGHT * value.doubleValue() / scale.top().doubleValue();
        }
    }

    /** The series after grouping (largest first, "Other" last), the scale and every bar's geometry. */
    Layout layout() {
        List<Series> drawn = drawnSeries();
        BigDecimal max = BigDecimal.ZERO;
        BigDecimal[] totals = new BigDecimal[buckets.size()];
        for (int b = 0; b < buckets.size(); b++) {
            totals[b] = BigDecimal.ZERO;
            for (Series s : drawn) {
                totals[b] = totals[b].add(s.values()[b]);
            }
            max = max.max(totals[b]);
        }
        NiceScale scale = NiceScale.of(max, measure.quantum());
        Layout layout = new Layout(scale, drawn, List.of());
        double band = PLOT_WIDTH / buckets.size();
        double width = Math.max(band * BAR_SHARE, Math.min(1, band));
        List<Column> columns = new ArrayList<>(buckets.size());
        for (int b = 0; b < buckets.size(); b++) {
            double x = LEFT + b * band + (band - width) / 2;
            List<Segment> segments = new ArrayList<>();
            BigDecimal below = BigDecimal.ZERO;
            for (int s = 0; s < drawn.size(); s++) {
                BigDecimal value = drawn.get(s).values()[b];
                if (value.signum() == 0) {
                    continue; // nothing to draw; the bar's slot stays (a zero day is a zero bar, not a missing day)
                }
                BigDecimal above = below.add(value);
                // from the cumulative sums, so the segments tile the bar exactly up to its total
                segments.add(new Segment(s, value, layout.y(above), layout.height(above) - layout.height(below)));
                below = above;
            }
            columns.add(new Column(buckets.get(b), x, width, totals[b], layout.y(totals[b]), List.copyOf(segments)));
        }
        return new Layout(scale, drawn, List.copyOf(columns));
    }

    private List<Series> drawnSeries() {
        record Ranked(String name, BigDecimal[] values, BigDecimal total) {
        }
        List<Ranked> ranked = new ArrayList<>();
        series.forEach((name, raw) -> {
            BigDecimal[] values = new BigDecimal[buckets.size()];
            BigDecimal total = BigDecimal.ZERO;
            for (int b = 0; b < values.length; b++) {
                values[b] = raw[b] == null ? BigDecimal.ZERO : raw[b];
                total = total.add(values[b]);
            }
            ranked.add(new Ranked(name, values, total));
        });
        ranked.sort(Comparator.comparing(Ranked::total).reversed().thenComparing(Ranked::name));
        List<Ranked> named = ranked.size() <= MAX_SERIES ? ranked : ranked.subList(0, MAX_SERIES - 1);
        List<Ranked> rest = ranked.size() <= MAX_SERIES ? List.of() : ranked.subList(MAX_SERIES - 1, ranked.size());
        List<String> colours = stacked ? Palette.assign(named.stream().map(Ranked::name).toList()) : List.of(Palette.SINGLE);
        List<Series> drawn = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            drawn.add(new Series(named.get(i).name(), colours.get(i), named.get(i).values(), named.get(i).total(), false));
        }
        if (!rest.isEmpty()) {
            BigDecimal[] values = new BigDecimal[buckets.size()];
            Arrays.fill(values, BigDecimal.ZERO);
            BigDecimal total = BigDecimal.ZERO;
            for (Ranked r : rest) {
                for (int b = 0; b < values.length; b++) {
                    values[b] = values[b].add(r.values()[b]);
                }
                total = total.add(r.total());
            }
            drawn.add(new Series("Other (" + rest.size() + " more)", Palette.OTHER, values, total, true));
        }
        return drawn;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // drawing

    public Chart build() {
        Layout layout = layout();
        boolean empty = layout.columns().stream().allMatch(c -> c.total().signum() == 0);
        String description = description(layout, empty);
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
                .append(Svg.number(WIDTH)).append(' ').append(Svg.number(HEIGHT))
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id).append("-desc\">");
        svg.append("<title id=\"").append(id).append("-title\">").append(Svg.escape(title)).append("</title>");
        svg.append("<desc id=\"").append(id).append("-desc\">").append(Svg.escape(description)).append("</desc>");

        svg.append("<g class=\"y-axis\" font-size=\"11\" fill=\"#555\">");
        for (BigDecimal tick : layout.scale().ticks()) {
            double y = layout.y(tick);
            svg.append("<line x1=\"").append(Svg.number(LEFT)).append("\" x2=\"").append(Svg.number(WIDTH - RIGHT))
                    .append("\" y1=\"").append(Svg.number(y)).append("\" y2=\"").append(Svg.number(y))
                    .append("\" stroke=\"").append(tick.signum() == 0 ? "#8a8a8a" : "#e3e3e3").append("\"/>");
            svg.append("<text x=\"").append(Svg.number(LEFT - 6)).append("\" y=\"").append(Svg.number(y + 4))
                    .append("\" text-anchor=\"end\">").append(Svg.escape(measure.tick(tick))).append("</text>");
        }
        svg.append("</g>");

        svg.append("<g class=\"bars\">");
        double band = PLOT_WIDTH / buckets.size();
        boolean outline = layout.columns().getFirst().width() >= 6;
        for (Column column : layout.columns()) {
            svg.append("<g data-bucket=\"").append(Svg.escape(column.bucket().key())).append("\">");
            // the whole slot answers hover with the bucket's total, also where the bar is short or absent
            svg.append("<rect class=\"slot\" x=\"").append(Svg.number(column.x() - (band - column.width()) / 2))
                    .append("\" y=\"").append(Svg.number(TOP)).append("\" width=\"").append(Svg.number(band))
                    .append("\" height=\"").append(Svg.number(PLOT_HEIGHT)).append("\" fill=\"#000\" fill-opacity=\"0\"><title>")
                    .append(Svg.escape(column.bucket().label() + ": " + measure.text(column.total()) + (stacked ? " in total" : "")))
                    .append("</title></rect>");
            for (Segment segment : column.segments()) {
                Series s = layout.series().get(segment.series());
                svg.append("<rect x=\"").append(Svg.number(column.x())).append("\" y=\"").append(Svg.number(segment.y()))
                        .append("\" width=\"").append(Svg.number(column.width())).append("\" height=\"").append(Svg.number(segment.height()))
                        .append("\" fill=\"").append(s.colour()).append('"');
                if (outline && stacked) {
                    svg.append(" stroke=\"#fff\" stroke-width=\"1\"");
                }
                svg.append(" data-series=\"").append(Svg.escape(s.name())).append("\"><title>")
                        .append(Svg.escape((stacked ? s.name() + " · " : "") + column.bucket().label() + ": " + measure.text(segment.value())))
                        .append("</title></rect>");
            }
            svg.append("</g>");
        }
        svg.append("</g>");

        svg.append("<g class=\"x-axis\" font-size=\"11\" fill=\"#555\" text-anchor=\"middle\">");
        int every = (buckets.size() + MAX_AXIS_LABELS - 1) / MAX_AXIS_LABELS;
        for (int b = 0; b < buckets.size(); b += every) {
            svg.append("<text x=\"").append(Svg.number(LEFT + (b + 0.5) * band)).append("\" y=\"").append(Svg.number(HEIGHT - 9))
                    .append("\">").append(Svg.escape(buckets.get(b).axisLabel())).append("</text>");
        }
        svg.append("</g>");
        if (empty) {
            svg.append("<text x=\"").append(Svg.number(LEFT + PLOT_WIDTH / 2)).append("\" y=\"").append(Svg.number(TOP + PLOT_HEIGHT / 2))
                    .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"#555\">No ").append(Svg.escape(measure.noun()))
                    .append(" in this range</text>");
        }
        svg.append("</svg>");

        List<Chart.LegendItem> legend = stacked
                ? layout.series().stream().map(s -> new Chart.LegendItem(s.name(), s.colour(), measure.text(s.total()))).toList()
                : List.of();
        return new Chart(id, title, description, svg.toString(), legend, empty);
    }

    private String description(Layout layout, boolean empty) {
        String range = buckets.getFirst().label() + (buckets.size() > 1 ? " to " + buckets.getLast().label() : "");
        if (empty) {
            return range + ": no " + measure.noun() + ".";
        }
        BigDecimal total = layout.columns().stream().map(Column::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        Column highest = layout.columns().stream().max(Comparator.comparing(Column::total)).orElseThrow();
        String by = stacked ? " over " + layout.series().size() + " series" : "";
        return range + ": " + measure.text(total) + " in total" + by + "; highest " + highest.bucket().label() + " with "
                + measure.text(highest.total()) + ".";
    }
}
