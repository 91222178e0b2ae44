package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a spend report covers: UTC days {@code from} through {@code to} ({@link ReportRange}, as every report reads
 * them), or an hourly {@code window} of instants (at most {@link #MAX_WINDOW}; then {@code from} and {@code to} are the UTC
 * days it touches), grouped by {@code groupBy} and, when given, within each group by {@code thenBy}; optionally only
 * one key's usage, only the usage of the keys one member created, or only one model's.
 */
public record SpendReportQuery(LocalDate from, LocalDate to, Optional<Window> window, SpendDimension groupBy,
                               Optional<SpendDimension> thenBy, Optional<UUID> apiKeyId, Optional<UUID> memberUserId,
                               Optional<String> model) {

    /** An hourly window reads the generations themselves (the rollup has no hours), so it is kept short. */
    public static final Duration MAX_WINDOW = Duration.ofHours(48);
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** The longest model id a filter takes (the catalog's are far shorter; generations keep what the gateway served). */
    static final int MAX_MODEL_LENGTH = 256;
    static final Set<String> PARAMETERS = Set.of("from", "to", "start", "end", "group_by", "then_by", "api_key_id",
            "member_user_id", "model", ReportFormat.PARAMETER);

    /** Instants {@code start} (inclusive) to {@code end} (exclusive), to the microsecond (what the database keeps). */
    public record Window(Instant start, Instant end) {
    }

    /**
     * From the query string. Days as {@link ReportRange#from} reads them, up to {@code now}'s UTC day. A window ({@code start}/{@code end}): without
     * {@code end}, up to {@code now}; without {@code start}, {@link #DEFAULT_WINDOW} before {@code end}. Without
     * {@code group_by}: by model.
     */
    public static SpendReportQuery from(QueryParams params, Instant now) {
        Optional<Instant> start = params.get("start").map(raw -> instant("start", raw));
        Optional<Instant> end = params.get("end").map(raw -> instant("end", raw));
        SpendDimension groupBy = params.get("group_by").map(raw -> SpendDimension.parse("group_by", raw)).orElse(SpendDimension.MODEL);
        Optional<SpendDimension> thenBy = params.get("then_by").map(raw -> SpendDimension.parse("then_by", raw));
        Optional<UUID> apiKeyId = params.get("api_key_id").map(raw -> uuid("api_key_id", raw));
        Optional<UUID> memberUserId = params.get("member_user_id").map(raw -> uuid("member_user_id", raw));
        Optional<String> model = params.get("model").map(raw -> {
            if (raw.isEmpty() || raw.length() > MAX_MODEL_LENGTH) {
                throw BillingException.badRequest("model", "must be a model id of 1 to " + MAX_MODEL_LENGTH + " characters");
            }
            return raw;
        });
        if (thenBy.isPresent() && thenBy.get() == groupBy) {
            throw BillingException.badRequest("then_by", "must differ from group_by");
        }
        if (start.isPresent() || end.isPresent()) {
            if (params.get("from").isPresent() || params.get("to").isPresent()) {
                throw BillingException.badRequest(start.isPresent() ? "start" : "end",
                        "give either from and to (UTC days) or start and end (instants), not both");
            }
            Instant last = end.orElse(now).truncatedTo(ChronoUnit.MICROS);
            Instant first = start.orElseGet(() -> last.minus(DEFAULT_WINDOW)).truncatedTo(ChronoUnit.MICROS);
            if (!first.isBefore(last)) {
                throw BillingException.badRequest("end", "must be after start");
            }
            if (Duration.between(first, last).compareTo(MAX_WINDOW) > 0) {
                throw BillingException.badRequest("end", "the window may span at most " + MAX_WINDOW.toHours() + " hours");
            }
            return new SpendReportQuery(day(first), day(last.minusNanos(1)), Optional.of(new Window(first, last)), groupBy, thenBy,
                    apiKeyId, memberUserId, model);
        }
        for (SpendDimension d : new SpendDimension[] {groupBy, thenBy.orElse(null)}) {
            if (d == SpendDimension.HOUR) {
                throw BillingException.badRequest(d == groupBy ? "group_by" : "then_by",
                        "hour needs an hourly window (start and end) instead of from and to");
            }
        }
        ReportRange range = ReportRange.from(params, day(now));
        return new SpendReportQuery(range.from(), range.to(), Optional.empty(), groupBy, thenBy, apiKeyId, memberUserId, model);
    }

    private static LocalDate day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** An RFC 3339 instant with its offset ({@code 2026-03-01T13:00:00Z}, {@code …+02:00}), or a 400 naming it. */
    private static Instant instant(String parameter, String raw) {
        try {
            return OffsetDateTime.parse(raw, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw BillingException.badRequest(parameter, "must be an instant with its offset, e.g. 2026-03-01T13:00:00Z");
        }
    }

    private static UUID uuid(String parameter, String raw) {
        try {
            if (raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw BillingException.badRequest(parameter, "must be a UUID");
    }
}
