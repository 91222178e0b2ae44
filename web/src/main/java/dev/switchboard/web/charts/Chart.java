package dev.switchboard.web.charts;

import java.util.List;

/**
 * A drawn chart as a template shows it ({@code {#chart chart=… /}}, templates/tags/chart.html): the SVG (already
 * escaped, written with {@code .raw}), its legend (empty for a single series), and whether there was anything to draw.
 */
public record Chart(String id, String title, String description, String svg, List<LegendItem> legend, boolean empty) {

    /** One series in the legend: its name, colour and total over the chart ("$1.25", "42 requests"). */
    public record LegendItem(String name, String colour, String total) {
    }
}
