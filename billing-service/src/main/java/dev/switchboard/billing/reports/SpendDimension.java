package dev.switchboard.billing.reports;

import dev.switchboard.billing.api.BillingException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a spend report groups by, over {@code d}: the {@code daily_usage} rollup (organization × UTC day × model ×
 * provider × key), or for an hourly window the generations themselves under the same column names plus {@code hour}
 * ({@link SpendReportService}): the SQL that selects and groups each grouping's key, the columns it answers with, and how
 * rows of equal cost are ordered. A member is the creator of the key ({@code api_keys.created_by}); keys without a
 * creator group as one member whose columns are null.
 */
public enum SpendDimension {
    MODEL(List.of("model"), List.of("d.model_id"), "d.model_id", false, false),
    PROVIDER(List.of("provider"), List.of("d.provider_id"), "d.provider_id", false, false),
    API_KEY(List.of("api_key_id", "api_key_name", "api_key_prefix"), List.of("k.id", "k.name", "k.display_prefix"),
            "k.name, k.id", true, false),
    MEMBER(List.of("member_user_id", "member_email", "member_name"), List.of("k.created_by", "u.email", "u.name"),
            "u.email NULLS LAST, k.created_by NULLS LAST", true, true),
    DAY(List.of("day"), List.of("d.day"), "d.day", false, false),
    /**
     * The UTC hour a generation started in, {@code 2026-03-01T13:00:00Z}; only in an hourly window (the rollup has
     * no hours). Grouped as a timestamp without zone (UTC wall time), so the text does not depend on the session's
     * time zone.
     */
    HOUR(List.of("hour"), List.of("d.hour"), "d.hour", false, false) {
        @Override
        Object present(Object value) {
            return value == null ? null : value.toString().replace(' ', 'T') + "Z";
        }
    };

    /** The column names in JSON rows and in the CSV header. */
    public final List<String> columns;
    /** The grouped expressions (selected as text: ids, days and names alike). */
    final List<String> expressions;
    /** Ascending order of keys among rows of equal cost (for {@link #DAY}: the order, full stop). */
    final String keyOrder;
    final boolean needsKeys;
    final boolean needsUsers;

    SpendDimension(List<String> columns, List<String> expressions, String keyOrder, boolean needsKeys, boolean needsUsers) {
        this.columns = columns;
        this.expressions = expressions;
        this.keyOrder = keyOrder;
        this.needsKeys = needsKeys;
        this.needsUsers = needsUsers;
    }

    /** Days and hours are a time axis: ordered by time, never by cost. */
    boolean chronological() {
        return this == DAY || this == HOUR;
    }

    /** A grouped value as the report answers it (selected as text). */
    Object present(Object value) {
        return value;
    }

    /** The parameter value: {@code model}, {@code provider}, {@code api_key}, {@code member}, {@code day}. */
    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SpendDimension parse(String parameter, String raw) {
        return Arrays.stream(values()).filter(d -> d.parameterValue().equals(raw)).findFirst()
                .orElseThrow(() -> BillingException.badRequest(parameter, "must be one of "
                        + Arrays.stream(values()).map(SpendDimension::parameterValue).collect(Collectors.joining(", "))));
    }
}
