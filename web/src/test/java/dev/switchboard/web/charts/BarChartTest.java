package dev.switchboard.web.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BarChartTest {

    static final LocalDate D1 = LocalDate.parse("2026-03-01");
    static final List<Bucket> FOUR_DAYS = Buckets.days(D1, D1.plusDays(3));

    static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }

    static String day(int i) {
        return D1.plusDays(i).toString();
    }

    @Test
    void bar_heights_are_proportional_to_their_totals_on_a_scale_from_zero() {
        BarChart chart = BarChart.stacked("c", "Spend", FOUR_DAYS, Measure.usd())
                .add("m", day(0), usd("1"))
                .add("m", day(1), usd("3"))
                .add("m", day(3), usd("0.5"));
        BarChart.Layout layout = chart.layout();
        assertThat(layout.scale().top()).isEqualByComparingTo("3"); // max 3 → steps of 1 → ticks 0..3
        List<BarChart.Column> columns = layout.columns();
        double unit = BarChart.PLOT_HEIGHT / 3;
        assertThat(columns.get(0).segments().getFirst().height()).isCloseTo(unit, within(1e-9));
        assertThat(columns.get(1).segments().getFirst().height()).isCloseTo(3 * unit, within(1e-9));
        assertThat(columns.get(3).segments().getFirst().height()).isCloseTo(0.5 * unit, within(1e-9));
        // bars stand on the baseline
        for (BarChart.Column c : List.of(columns.get(0), columns.get(1), columns.get(3))) {
            BarChart.Segment s = c.segments().getFirst();
            assertThat(s.y() + s.height()).isCloseTo(BarChart.BASELINE, within(1e-9));
        }
        // equal slots left to right, every bar as wide as the others
        double band = BarChart.PLOT_WIDTH / 4;
        for (int i = 0; i < 4; i++) {
            assertThat(columns.get(i).x()).isCloseTo(BarChart.LEFT + i * band + band * (1 - BarChart.BAR_SHARE) / 2, within(1e-9));
            assertThat(columns.get(i).width()).isCloseTo(band * BarChart.BAR_SHARE, within(1e-9));
        }
    }

    @Test
    void a_day_without_usage_keeps_its_slot_and_is_drawn_as_zero() throws Exception {
        BarChart chart = BarChart.stacked("c", "Spend", FOUR_DAYS, Measure.usd())
                .add("m", day(0), usd("2"))
                .add("m", day(2), usd("1"));
        BarChart.Column zero = chart.layout().columns().get(1);
        assertThat(zero.bucket().key()).isEqualTo(day(1));
        assertThat(zero.total()).isZero();
        assertThat(zero.segments()).isEmpty();
        assertThat(zero.top()).isCloseTo(BarChart.BASELINE, within(1e-9));

        Document svg = parse(chart.build().svg());
        Element group = bucketGroup(svg, day(1));
        NodeList rects = group.getElementsByTagName("rect");
        assertThat(rects.getLength()).isEqualTo(1); // only the hover slot, no bar
        assertThat(((Element) rects.item(0)).getAttribute("class")).isEqualTo("slot");
        assertThat(rects.item(0).getTextContent()).isEqualTo(day(1) + ": $0.00 in total");
        assertThat(svg.getElementsByTagName("g").getLength()).isGreaterThanOrEqualTo(4 + 3);
    }

    @Test
    void a_stack_sums_to_its_total_largest_series_at_the_bottom() {
        BarChart chart = BarChart.stacked("c", "Spend", FOUR_DAYS, Measure.usd())
                .add("small", day(0), usd("0.000000007"))
                .add("large", day(0), usd("3.25"))
                .add("middle", day(0), usd("1.000000001"))
                .add("large", day(1), usd("0.5"))
                .add("middle", day(0), usd("0.5")); // the same pair again adds up
        BarChart.Layout layout = chart.layout();
        assertThat(layout.series()).extracting(BarChart.Series::name).containsExactly("large", "middle", "small");
        BarChart.Column column = layout.columns().getFirst();
        assertThat(column.total()).isEqualByComparingTo("4.750000008");
        List<BarChart.Segment> segments = column.segments();
        assertThat(segments).extracting(BarChart.Segment::series).containsExactly(0, 1, 2);
        assertThat(segments).extracting(BarChart.Segment::value).map(BigDecimal::toPlainString)
                .containsExactly("3.25", "1.500000001", "0.000000007");
        double sum = segments.stream().mapToDouble(BarChart.Segment::height).sum();
        assertThat(sum).isCloseTo(layout.height(column.total()), within(1e-9));
        assertThat(BarChart.BASELINE - sum).isCloseTo(column.top(), within(1e-9));
        // each segment sits exactly on the one below: no gap, no overlap
        assertThat(segments.get(0).y() + segments.get(0).height()).isCloseTo(BarChart.BASELINE, within(1e-9));
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).y() + segments.get(i).height()).isCloseTo(segments.get(i - 1).y(), within(1e-9));
        }
    }

    @Test
    void beyond_eight_series_the_smallest_are_grouped_as_other() {
        BarChart chart = BarChart.stacked("c", "Spend", FOUR_DAYS, Measure.usd());
        for (int i = 1; i <= 10; i++) {
            chart.add("model-" + i, day(0), BigDecimal.valueOf(i));
            chart.add("model-" + i, day(1), BigDecimal.valueOf(100));
        }
        BarChart.Layout layout = chart.layout();
        assertThat(layout.series()).hasSize(BarChart.MAX_SERIES);
        assertThat(layout.series()).extracting(BarChart.Series::name).containsExactly(
                "model-10", "model-9", "model-8", "model-7", "model-6", "model-5", "model-4", "Other (3 more)");
        BarChart.Series other = layout.series().getLast();
        assertThat(other.other()).isTrue();
        assertThat(other.colour()).isEqualTo(Palette.OTHER);
        assertThat(other.values()[0]).isEqualByComparingTo("6"); // 1 + 2 + 3
        assertThat(other.values()[1]).isEqualByComparingTo("300");
        assertThat(other.total()).isEqualByComparingTo("306");
        // nothing is lost by grouping
        assertThat(layout.columns().getFirst().total()).isEqualByComparingTo("55");

        Chart built = chart.build();
        assertThat(built.legend()).extracting(Chart.LegendItem::name).endsWith("Other (3 more)");
        assertThat(built.legend().getLast().total()).isEqualTo("$306.00");
        assertThat(built.legend().getFirst().total()).isEqualTo("$110.00");

        BarChart eight = BarChart.stacked("c", "Spend", FOUR_DAYS, Measure.usd());
        for (int i = 1; i <= 8; i++) {
            eight.add("model-" + i, day(0), BigDecimal.valueOf(i));
        }
        assertThat(eight.layout().series()).noneMatch(BarChart.Series::other).hasSize(8);
    }

    @Test
    void series_names_are_escaped_in_tooltips_legend_and_attributes() throws Exception {
        String evil = "</title><script>alert('x')</script> & \"q\" \u0001";
        Chart chart = BarChart.stacked("c", "Spend by <model>", FOUR_DAYS, Measure.usd()).add(evil, day(0), usd("1")).build();
        assertThat(chart.svg()).doesNotContain("<script>").doesNotContain("\u0001");
        Document svg = parse(chart.svg()); // well-formed XML whatever the names
        Element bar = (Element) bucketGroup(svg, day(0)).getElementsByTagName("rect").item(1);
        String shown = evil.replace('\u0001', '\uFFFD');
        assertThat(bar.getAttribute("data-series")).isEqualTo(shown);
        assertThat(bar.getTextContent()).isEqualTo(shown + " · " + day(0) + ": $1.00");
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("Spend by <model>");
        // the legend is rendered by a Qute template, which escapes: it gets the raw name
        assertThat(chart.legend().getFirst().name()).isEqualTo(evil);
    }

    @Test
    void the_chart_is_an_image_labelled_by_its_title_and_description() throws Exception {
        Chart chart = BarChart.stacked("spend-30d", "Daily spend by model", FOUR_DAYS, Measure.usd())
                .add("a", day(0), usd("1.5")).add("b", day(2), usd("0.000001")).build();
        Element root = parse(chart.svg()).getDocumentElement();
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(root.getAttribute("aria-labelledby")).isEqualTo("spend-30d-title spend-30d-desc");
        assertThat(byId(root, "title", "spend-30d-title").getTextContent()).isEqualTo("Daily spend by model");
        assertThat(byId(root, "desc", "spend-30d-desc").getTextContent())
                .isEqualTo("2026-03-01 to 2026-03-04: $1.500001 in total over 2 series; highest 2026-03-01 with $1.50.");
        assertThat(chart.empty()).isFalse();
        // y-axis ticks in dollars
        List<String> ticks = texts(root, "y-axis");
        assertThat(ticks).containsExactly("$0.00", "$0.50", "$1.00", "$1.50");
        assertThat(texts(root, "x-axis")).containsExactly("Mar 1", "Mar 2", "Mar 3", "Mar 4");
    }

    @Test
    void an_empty_range_says_so() throws Exception {
        Chart chart = BarChart.stacked("c", "Spend", FOUR_DAYS, Measure.usd()).build();
        assertThat(chart.empty()).isTrue();
        assertThat(chart.legend()).isEmpty();
        assertThat(parse(chart.svg()).getDocumentElement().getTextContent()).contains("No spend in this range");
    }

    @Test
    void colours_are_stable_per_name_distinct_within_a_chart_and_readable_on_white() {
        List<String> names = List.of("openai/gpt-4.1", "anthropic/claude-sonnet-4", "google/gemini-2.5-pro");
        List<String> first = Palette.assign(names);
        // the same names in another chart, in another order and with others: same colours (no collision among them)
        List<String> again = Palette.assign(List.of("google/gemini-2.5-pro", "openai/gpt-4.1", "anthropic/claude-sonnet-4"));
        assertThat(again).containsExactly(first.get(2), first.get(0), first.get(1));

        // two names that pick the same place: the one that sorts first keeps it, whatever either spent or the order
        String sortsFirst = null;
        String sortsSecond = null;
        for (int i = 0; sortsSecond == null; i++) {
            for (int j = 0; j < i; j++) {
                if (Palette.home("m" + i) == Palette.home("m" + j)) {
                    boolean jFirst = ("m" + j).compareTo("m" + i) < 0;
                    sortsFirst = jFirst ? "m" + j : "m" + i;
                    sortsSecond = jFirst ? "m" + i : "m" + j;
                    break;
                }
            }
        }
        String home = Palette.COLOURS.get(Palette.home(sortsFirst));
        assertThat(Palette.assign(List.of(sortsSecond, sortsFirst)).get(1)).isEqualTo(home);
        assertThat(Palette.assign(List.of(sortsFirst, sortsSecond)).get(0)).isEqualTo(home);
        assertThat(Palette.assign(List.of(sortsSecond)).getFirst()).isEqualTo(home); // alone, the other has the place
        assertThat(Palette.assign(List.of(sortsFirst, sortsSecond)).get(1)).isNotEqualTo(home);

        List<String> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add("series " + i);
        }
        Set<String> distinct = new HashSet<>(Palette.assign(eight));
        assertThat(distinct).hasSize(8);
        for (String colour : Palette.COLOURS) {
            assertThat(Palette.contrast(colour, "#ffffff")).as(colour).isGreaterThanOrEqualTo(3.0);
        }
        assertThat(Palette.contrast(Palette.OTHER, "#ffffff")).isGreaterThanOrEqualTo(3.0);
        assertThat(Palette.contrast(Palette.SINGLE, "#ffffff")).isGreaterThanOrEqualTo(3.0);
        assertThat(new HashSet<>(Palette.COLOURS)).hasSize(Palette.COLOURS.size()).doesNotContain(Palette.OTHER);
    }

    @Test
    void a_histogram_draws_one_series_of_counts_without_a_legend() throws Exception {
        List<Bucket> hours = Buckets.hours(java.time.Instant.parse("2026-03-01T10:00:00Z"), java.time.Instant.parse("2026-03-01T13:00:00Z"));
        Chart chart = BarChart.histogram("requests", "Requests per hour", hours, Measure.count("requests"))
                .count("2026-03-01T10:00:00Z", 5)
                .count("2026-03-01T12:00:00Z", 1234)
                .build();
        assertThat(chart.legend()).isEmpty();
        Element root = parse(chart.svg()).getDocumentElement();
        Element bar = (Element) bucketGroup(root.getOwnerDocument(), "2026-03-01T12:00:00Z").getElementsByTagName("rect").item(1);
        assertThat(bar.getAttribute("fill")).isEqualTo(Palette.SINGLE);
        assertThat(bar.getTextContent()).isEqualTo("2026-03-01 12:00 UTC: 1,234 requests");
        assertThat(texts(root, "y-axis")).containsExactly("0", "500", "1,000", "1,500");
        assertThatThrownBy(() -> BarChart.histogram("h", "H", hours, Measure.count("requests"))
                .add("a", "2026-03-01T10:00:00Z", BigDecimal.ONE).add("b", "2026-03-01T10:00:00Z", BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void values_off_the_axis_or_below_zero_are_refused() {
        BarChart chart = BarChart.stacked("c", "Spend", FOUR_DAYS, Measure.usd());
        assertThatThrownBy(() -> chart.add("m", "2026-02-28", BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chart.add("m", day(0), BigDecimal.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BarChart.stacked("Bad Id\"", "t", FOUR_DAYS, Measure.usd())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_year_of_days_still_draws_every_bar_at_least_a_pixel_wide_with_ten_labels_at_most() throws Exception {
        List<Bucket> year = Buckets.days(D1, D1.plusDays(365));
        BarChart chart = BarChart.stacked("y", "Spend", year, Measure.usd());
        for (Bucket b : year) {
            chart.add("m", b.key(), usd("0.01"));
        }
        assertThat(chart.layout().columns()).hasSize(366).allSatisfy(c -> assertThat(c.width()).isGreaterThanOrEqualTo(1));
        assertThat(texts(parse(chart.build().svg()).getDocumentElement(), "x-axis").size()).isLessThanOrEqualTo(BarChart.MAX_AXIS_LABELS);
    }

    // ---------------------------------------------------------------------------------------------------------------

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static Element bucketGroup(Document svg, String key) {
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (key.equals(g.getAttribute("data-bucket"))) {
                return g;
            }
        }
        throw new AssertionError("no bucket " + key);
    }

    static Element byId(Element root, String tag, String id) {
        NodeList nodes = root.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (id.equals(((Element) nodes.item(i)).getAttribute("id"))) {
                return (Element) nodes.item(i);
            }
        }
        throw new AssertionError("no " + tag + "#" + id);
    }

    static List<String> texts(Element root, String groupClass) {
        NodeList groups = root.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (groupClass.equals(g.getAttribute("class"))) {
                NodeList texts = g.getElementsByTagName("text");
                List<String> out = new ArrayList<>();
                for (int t = 0; t < texts.getLength(); t++) {
                    out.add(texts.item(t).getTextContent());
                }
                return out;
            }
        }
        throw new AssertionError("no group " + groupClass);
    }
}
