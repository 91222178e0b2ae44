package dev.switchboard.web.charts;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Series colours: eight distinct hues, each at least 3:1 against the white chart background (WCAG's contrast for
 * graphics), and a grey for "Other". A series keeps its colour from chart to chart: its name picks its place in the
 * palette. Eight places cannot keep every name apart, so when series of one chart pick the same place, the name that
 * sorts first keeps it and the other moves to the next free one; a name's colour therefore depends on the names of
 * the chart, not on what they spent, and changes only beside a name that sorts before it and picks the same place.
 */
final class Palette {

    static final List<String> COLOURS = List.of(
            "#1f6fb4", // blue
            "#c25400", // orange
            "#24873a", // green
            "#c62828", // red
            "#7b4fb0", // purple
            "#8c564b", // brown
            "#b5338a", // magenta
            "#0e7c86"); // teal
    static final String OTHER = "#6b6b6b";
    /** A single-series chart (a histogram): the dashboard's accent colour. */
    static final String SINGLE = "#0b57d0";

    private Palette() {
    }

    /** Colours for distinct series names (at most {@code COLOURS.size()}), in the order of {@code names}. */
    static List<String> assign(List<String> names) {
        if (names.size() > COLOURS.size()) {
            throw new IllegalArgumentException("at most " + COLOURS.size() + " named series get a colour");
        }
        boolean[] taken = new boolean[COLOURS.size()];
        String[] colours = new String[names.size()];
        Integer[] byName = new Integer[names.size()];
        Arrays.setAll(byName, i -> i);
        Arrays.sort(byName, Comparator.comparing(names::get)); // not by rank: what a series spent must not move colours
        for (int i : byName) {
            int place = home(names.get(i));
            while (taken[place]) {
                place = (place + 1) % COLOURS.size();
            }
            taken[place] = true;
            colours[i] = COLOURS.get(place);
        }
        return Arrays.asList(colours);
    }

    /** The place a name picks: String.hashCode is specified, so it is the same in every JVM and release. */
    static int home(String name) {
        return Math.floorMod(name.hashCode(), COLOURS.size());
    }

    /** WCAG contrast ratio of two {@code #rrggbb} colours, 1 to 21. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    }

    private static double channel(int value) {
        double c = (value & 0xff) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
