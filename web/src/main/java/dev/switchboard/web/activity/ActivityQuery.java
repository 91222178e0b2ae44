package dev.switchboard.web.activity;

import dev.switchboard.web.charts.Bucket;
import dev.switchboard.web.charts.Buckets;
import dev.switchboard.web.clients.BillingClient.SpendQuery;
import dev.switchboard.web.errors.WebException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The activity page's filters, all in the URL (bookmarkable; the CSV link carries the same ones): a range (the last
 * 24 hours, the last 7 or 30 UTC days through today, or custom UTC days {@code from}–{@code to}), the table's grouping
 * ({@code group_by}), the chart's series ({@code then_by}), and optionally one key ({@code key}), one member's keys
 * ({@code member}) or one model ({@code model}, as the models page links here). "Last 24 hours" is exactly that: the window from now − 24 h to now, by hour, not today and
 * yesterday. {@code from}/{@code to} count only with {@code range=custom} (the form always sends them, filled with the
 * dates shown).
 */
public record ActivityQuery(Range range, LocalDate from, LocalDate to, Instant start, Instant end, Grouping groupBy,
                            Grouping thenBy, UUID key, UUID member, String model) {

    /** The longest custom range (billing's limit too): a year with its leap day. */
    public static final int MAX_DAYS = 366;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** billing's limit for a model filter. */
    static final int MAX_MODEL_LENGTH = 256;

    public enum Range {
        LAST_24H("24h", "Last 24 hours"),
        LAST_7D("7d", "Last 7 days"),
        LAST_30D("30d", "Last 30 days"),
        CUSTOM("custom", "Custom (from – to)");

        public final String parameter;
        public final String label;

        Range(String parameter, String label) {
            this.parameter = parameter;
            this.label = label;
        }
    }

    /** The query string as given (null = absent): what the form shows again when it is refused. */
    public record Raw(String range, String from, String to, String groupBy, String thenBy, String key, String member,
                      String model) {
    }

    /** A filter the page refuses (400): the field it names and why, shown next to the form. */
    public static final class Invalid extends WebException {
        private final String field;

        Invalid(String field, String message) {
            super(400, message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * The filters of {@code raw}, with {@code now} the end of the last 24 hours and its UTC day the last day of the
     * 7- and 30-day ranges. Empty values count as absent (a GET form sends every field). A malformed {@code key} or
     * {@code member} id names nothing, so it is a 404 like any other id this organization does not have.
     */
    public static ActivityQuery parse(Raw raw, Instant now) {
        Optional<String> from = present(raw.from());
        Optional<String> to = present(raw.to());
        Range range = present(raw.range())
                .map(r -> Arrays.stream(Range.values()).filter(x -> x.parameter.equals(r)).findFirst()
                        .orElseThrow(() -> new Invalid("range", "Range must be one of 24h, 7d, 30d or custom.")))
                .orElse(from.isPresent() || to.isPresent() ? Range.CUSTOM : Range.LAST_30D);
        Grouping groupBy = grouping("group_by", "Group by", raw.groupBy());
        Grouping thenBy = grouping("then_by", "Chart by", raw.thenBy());
        UUID key = id(raw.key(), "API key");
        UUID member = id(raw.member(), "Member");
        String model = present(raw.model()).orElse(null);
        if (model != null && model.length() > MAX_MODEL_LENGTH) {
            throw new Invalid("model", "Model must be a model id of at most " + MAX_MODEL_LENGTH + " characters.");
        }
        // rounded up to the second, never down: a request served a moment ago belongs in the last 24 hours
        Instant end = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(now.getNano() == 0 ? 0 : 1);
        LocalDate today = end.atOffset(ZoneOffset.UTC).toLocalDate();
        return switch (range) {
            case LAST_24H -> {
                Instant start = end.minus(Duration.ofHours(24));
                yield new ActivityQuery(range, start.atOffset(ZoneOffset.UTC).toLocalDate(), today, start, end, groupBy, thenBy,
                        key, member, model);
            }
            case LAST_7D -> new ActivityQuery(range, today.minusDays(6), today, null, null, groupBy, thenBy, key, member, model);
            case LAST_30D -> new ActivityQuery(range, today.minusDays(29), today, null, null, groupBy, thenBy, key, member, model);
            case CUSTOM -> {
                LocalDate first = date("from", "From", from);
                LocalDate last = date("to", "To", to);
                if (last.isBefore(first)) {
                    throw new Invalid("to", "To must not be before From.");
                }
                if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
                    throw new Invalid("to", "A custom range spans at most " + MAX_DAYS + " days.");
                }
                yield new ActivityQuery(range, first, last, null, null, groupBy, thenBy, key, member, model);
            }
        };
    }

    public boolean hourly() {
        return start != null;
    }

    /** Every hour of the window, or every day of the range: the chart's x axis. */
    public List<Bucket> buckets() {
        return hourly() ? Buckets.hours(start, end) : Buckets.days(from, to);
    }

    /** billing's report grouped by {@code grouping} over this range and filters. */
    public SpendQuery report(Grouping grouping) {
        return query(grouping.parameter, null);
    }

    /** billing's report per day (per hour for the last 24 hours), each split by the chart's series. */
    public SpendQuery chartReport() {
        return query(hourly() ? "hour" : "day", thenBy.parameter);
    }

    private SpendQuery query(String groupBy, String thenBy) {
        SpendQuery query = hourly() ? SpendQuery.window(start, end, groupBy, thenBy) : SpendQuery.days(from, to, groupBy, thenBy);
        return query.only(key, member, model);
    }

    public ActivityQuery withKey(UUID id) {
        return new ActivityQuery(range, from, to, start, end, groupBy, thenBy, id, member, model);
    }

    public ActivityQuery withMember(UUID id) {
        return new ActivityQuery(range, from, to, start, end, groupBy, thenBy, key, id, model);
    }

    public ActivityQuery withModel(String id) {
        return new ActivityQuery(range, from, to, start, end, groupBy, thenBy, key, member, id);
    }

    /**
     * The canonical query string of these filters: a preset range without dates (so a bookmark of "last 30 days"
     * stays the last 30 days), a custom one with them.
     */
    public String queryString() {
        List<String> params = new ArrayList<>();
        params.add("range=" + range.parameter);
        if (range == Range.CUSTOM) {
            params.add("from=" + from);
            params.add("to=" + to);
        }
        params.add("group_by=" + groupBy.parameter);
        params.add("then_by=" + thenBy.parameter);
        if (key != null) {
            params.add("key=" + key);
        }
        if (member != null) {
            params.add("member=" + member);
        }
        if (model != null) {
            params.add("model=" + model);
        }
        return String.join("&", params.stream().map(p -> {
            int eq = p.indexOf('=');
            return p.substring(0, eq + 1) + URLEncoder.encode(p.substring(eq + 1), StandardCharsets.UTF_8);
        }).toList());
    }

    /** The form's values for these filters (dates filled with the range shown, for switching to custom). */
    public Raw form() {
        return new Raw(range.parameter, from.toString(), to.toString(), groupBy.parameter, thenBy.parameter,
                key == null ? null : key.toString(), member == null ? null : member.toString(), model);
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Grouping grouping(String field, String label, String raw) {
        return present(raw).map(value -> Grouping.parse(value)
                        .orElseThrow(() -> new Invalid(field, label + " must be one of model, provider, api_key or member.")))
                .orElse(Grouping.MODEL);
    }

    private static LocalDate date(String field, String label, Optional<String> raw) {
        String value = raw.orElseThrow(() -> new Invalid(field, label + ": enter the " + (field.equals("from") ? "first" : "last")
                + " day of the custom range (YYYY-MM-DD)."));
        if (DATE.matcher(value).matches()) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                // e.g. 2026-02-30: answered below
            }
        }
        throw new Invalid(field, label + " must be a date YYYY-MM-DD, not \u201c" + value + "\u201d.");
    }

    private static UUID id(String raw, String what) {
        Optional<String> value = present(raw);
        if (value.isEmpty()) {
            return null;
        }
        try {
            if (value.get().length() == 36) {
                return UUID.fromString(value.get());
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw WebException.notFound(what);
    }
}
