package dev.switchboard.billing.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A spend report: the echoed range (UTC days; for an hourly window also its {@code start} and {@code end}, else null),
 * groupings and filters (the key, member or model it is limited to, else null), the rows (cost descending, then key; by day
 * or hour: time ascending) and their totals. Days are UTC days ({@code timezone} says so).
 */
public record SpendReportView(UUID organizationId, LocalDate from, LocalDate to, Instant start, Instant end, String timezone,
                              String groupBy, String thenBy, KeyFilter apiKey, MemberFilter member, String model,
                              List<SpendRow> rows, SpendUsage totals) {

    /** The one key a report is limited to ({@code api_key_id}), with its name and display prefix. */
    public record KeyFilter(UUID apiKeyId, String apiKeyName, String apiKeyPrefix) {
    }

    /** The member whose keys a report is limited to ({@code member_user_id}). */
    public record MemberFilter(UUID memberUserId, String memberEmail, String memberName) {
    }
}
