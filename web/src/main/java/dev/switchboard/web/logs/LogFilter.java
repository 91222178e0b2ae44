package dev.switchboard.web.logs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The log's filters as the URL carries them ({@code ?model=&provider=&key=&status=&from=&to=&before=}), checked:
 * {@link #parse} either gives a filter or the reasons it cannot (each a sentence naming the field), never a guess.
 * Dates are UTC days, both ends included, like the reports'.
 *
 * @param before the keyset cursor: only rows older than this one (null: the newest page)
 */
public record LogFilter(String model, String provider, UUID keyId, Status status, LocalDate from, LocalDate to, Cursor before) {

    /** The longest date range the log takes: a year and a day, so a leap year fits. */
    static final int MAX_DAYS = 366;
    static final int MAX_TEXT = 200;
    /**
     * Stands for a key parameter that is not even a UUID. Keys have random ids, so no organization has this one and
     * the page answers 404 for it, as for any key not in the organization.
     */
    static final UUID UNKNOWN_KEY = new UUID(0, 0);

    public static final LogFilter NONE = new LogFilter(null, null, null, Status.ANY, null, null, null);

    /** What the form sent, as typed, for showing it again beside its errors. */
    public record Form(String model, String provider, String key, String status, String from, String to) {

        public static final Form EMPTY = new Form("", "", "", "", "", "");
    }

    /** A parsed filter, or the reasons the form was refused. */
    public record Parsed(LogFilter filter, List<String> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * The key is parsed but not checked here: the caller knows the organization's keys, and a key that is not one of
     * them (malformed, made up, another organization's) is a 404 like every foreign id.
     */
    public static Parsed parse(Form form, String before) {
        List<String> errors = new ArrayList<>();
        String model = text("model", form.model(), errors);
        String provider = text("provider", form.provider(), errors);
        UUID key = null;
        String rawKey = blankToNull(form.key());
        if (rawKey != null) {
            try {
                key = UUID.fromString(rawKey);
            } catch (IllegalArgumentException e) {
                key = UNKNOWN_KEY;
            }
        }
        Status status = Status.parse(blankToNull(form.status()));
        if (status == null) {
            errors.add("Status must be success, error or an HTTP error status from 400 to 599.");
            status = Status.ANY;
        }
        LocalDate from = date("From", form.from(), errors);
        LocalDate to = date("To", form.to(), errors);
        if (from != null && to != null) {
            if (from.isAfter(to)) {
                errors.add("From must be on or before To.");
            } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
                errors.add("The date range can be at most " + MAX_DAYS + " days.");
            }
        }
        Cursor cursor = null;
        if (blankToNull(before) != null) {
            cursor = Cursor.parse(before.strip());
            if (cursor == null) {
                errors.add("The page link is damaged: start again from the newest generations.");
            }
        }
        return new Parsed(new LogFilter(model, provider, key, status, from, to, cursor), List.copyOf(errors));
    }

    /** Rows at or after this instant (the start of {@link #from}'s UTC day), or null. */
    public Instant since() {
        return from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Rows before this instant (the end of {@link #to}'s UTC day), or null. */
    public Instant until() {
        return to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The filter as its form shows it (canonical values). */
    public Form form() {
        return new Form(model == null ? "" : model, provider == null ? "" : provider, keyId == null ? "" : keyId.toString(),
                status.value(), from == null ? "" : from.toString(), to == null ? "" : to.toString());
    }

    public boolean filtered() {
        return model != null || provider != null || keyId != null || status.kind() != Status.Kind.ANY || from != null || to != null;
    }

    public LogFilter withBefore(Cursor cursor) {
        return new LogFilter(model, provider, keyId, status, from, to, cursor);
    }

    /** The URL query of this filter ({@code ?…}, or "" when there is none), canonical, for links that keep it. */
    public String query() {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "model", model);
        put(params, "provider", provider);
        put(params, "key", keyId == null ? null : keyId.toString());
        put(params, "status", status.value());
        put(params, "from", from == null ? null : from.toString());
        put(params, "to", to == null ? null : to.toString());
        put(params, "before", before == null ? null : before.encode());
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.isEmpty() ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%7E", "~")));
        return query.toString();
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null && !value.isEmpty()) {
            params.put(name, value);
        }
    }

    private static String text(String field, String value, List<String> errors) {
        String text = blankToNull(value);
        if (text != null && text.length() > MAX_TEXT) {
            errors.add(Character.toUpperCase(field.charAt(0)) + field.substring(1) + " can be at most " + MAX_TEXT + " characters.");
            return null;
        }
        return text;
    }

    private static LocalDate date(String field, String value, List<String> errors) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(field + " must be a date written YYYY-MM-DD.");
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Which outcomes to list: any, successes, errors (an HTTP error status, or a stream that ended in error: what
     * {@code daily_usage.errors} counts), or one HTTP error status.
     */
    public record Status(Kind kind, int code) {

        public enum Kind { ANY, SUCCESS, ERROR, HTTP }

        public static final Status ANY = new Status(Kind.ANY, 0);
        public static final Status SUCCESS = new Status(Kind.SUCCESS, 0);
        public static final Status ERROR = new Status(Kind.ERROR, 0);

        /** null when the value is none of the accepted ones. */
        static Status parse(String value) {
            if (value == null) {
                return ANY;
            }
            switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "success":
                    return SUCCESS;
                case "error":
                    return ERROR;
                default:
                    if (value.matches("[0-9]{3}")) {
                        int code = Integer.parseInt(value);
                        if (code >= 400 && code <= 599) {
                            return new Status(Kind.HTTP, code);
                        }
                    }
                    return null;
            }
        }

        /** The URL value: "", "success", "error" or the code. */
        public String value() {
            return switch (kind) {
                case ANY -> "";
                case SUCCESS -> "success";
                case ERROR -> "error";
                case HTTP -> Integer.toString(code);
            };
        }
    }
}
