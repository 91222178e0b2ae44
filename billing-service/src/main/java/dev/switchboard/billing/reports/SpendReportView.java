package dev.switchboard.billing.reports;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A spend report: the echoed range and groupings, the rows (cost descending, then key; by day: day ascending) and
 * their totals. Days are UTC days ({@code timezone} says so).
 */
public record SpendReportView(UUID organizationId, LocalDate from, LocalDate to, String timezone, String groupBy,
                              String thenBy, List<SpendRow> rows, SpendUsage totals) {
}
