package dev.switchboard.web.compare;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code /compare} shows, as its URL says (bookmarkable, no state elsewhere): a range ({@code 7d}, {@code 30d},
 * {@code 90d} of UTC days through today, or {@code custom} with {@code from} and {@code to}) and the target models.
 * The same filter drives the page, the CSV and the JSON download, so they always agree. Whether the dates are in
 * order and whether a target exists is billing's to say; its 400 is shown next to the form.
 *
 * @param error what is wrong with the filter itself (then nothing is asked of billing), or null
 */
public record CompareFilter(String range, LocalDate from, LocalDate to, List<String> targets, String error) {

    public static final String DEFAULT_RANGE = "30d";
    public static final String CUSTOM = "custom";
    /** The preset ranges and their length in days, in the order the form offers them. */
    static final Map<String, Integer> PRESETS = Map.of("7d", 7, "30d", 30, "90d", 90);
    private static final Set<String> RANGES = Set.of("7d", "30d", "90d", CUSTOM);
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** From the query string; {@code today} is the UTC day the presets end on. */
    public static CompareFilter parse(String range, String from, String to, List<String> targets, LocalDate today) {
        List<String> chosen = targets == null ? List.of() : List.copyOf(targets);
        String r = range == null || range.isBlank() ? DEFAULT_RANGE : range.strip();
        if (!RANGES.contains(r)) {
            return new CompareFilter(DEFAULT_RANGE, today.minusDays(29), today, chosen, "range: must be 7d, 30d, 90d or custom");
        }
        if (!CUSTOM.equals(r)) {
            return new CompareFilter(r, today.minusDays(PRESETS.get(r) - 1), today, chosen, null);
        }
        LocalDate first = date(from);
        LocalDate last = date(to);
        if (first == null || last == null) {
            String which = first == null ? "from" : "to";
            return new CompareFilter(r, first, last, chosen, which + ": a custom range needs both dates, as YYYY-MM-DD");
        }
        return new CompareFilter(r, first, last, chosen, null);
    }

    private static LocalDate date(String raw) {
        if (raw == null || !DATE.matcher(raw.strip()).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public boolean custom() {
        return CUSTOM.equals(range);
    }

    public boolean chosen(String model) {
        return targets.contains(model);
    }

    /** The date as the form's date field shows it, empty when there is none. */
    public String fromText() {
        return from == null ? "" : from.toString();
    }

    public String toText() {
        return to == null ? "" : to.toString();
    }

    /** This filter as a query string (without {@code ?}), for the download links: the same report as the page. */
    public String query() {
        List<String> parts = new ArrayList<>();
        parts.add("range=" + encode(range));
        if (custom()) {
            parts.add("from=" + encode(fromText()));
            parts.add("to=" + encode(toText()));
        }
        targets.forEach(t -> parts.add("target=" + encode(t)));
        return String.join("&", parts);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
