package dev.switchboard.billing.reconciliation;

import java.util.List;

/** The outcome of one reconciliation: {@code ok} when there is no discrepancy at all. */
public record ReconciliationReport(boolean ok, long organizationsChecked, List<Discrepancy> discrepancies) {
}
