package dev.switchboard.web.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** What the dashboard asks of billing-service, as the signed-in user (billing checks the membership and role). */
@ApplicationScoped
public class BillingClient {

    @Inject
    @RestClient
    BillingRestClient rest;

    public Balance balance(UUID organizationId) {
        return rest.balance(organizationId);
    }

    /** USD amounts exact to the nano-dollar, as billing sends them. */
    public record Balance(UUID organizationId, BigDecimal balance, BigDecimal available, BigDecimal reserved,
                          BigDecimal totalCredits, BigDecimal totalUsage) {
    }

    // --- compare ---

    /** The organization's usage re-priced on {@code targets} (none: billing's default set) over UTC days from … to. */
    public CompareReport compare(UUID organizationId, LocalDate from, LocalDate to, List<String> targets) {
        return rest.compare(organizationId, text(from), text(to), targets);
    }

    /** The same report as billing writes it in {@code format} ({@code csv} or {@code json}), byte for byte. */
    public String compareText(UUID organizationId, LocalDate from, LocalDate to, List<String> targets, String format) {
        return rest.compareText(organizationId, text(from), text(to), targets, format);
    }

    private static String text(LocalDate day) {
        return day == null ? null : day.toString();
    }

    /** docs/api-reports.md, "GET /organizations/{org}/reports/compare". */
    public record CompareReport(UUID organizationId, LocalDate from, LocalDate to, String timezone, String tokenCounts,
                                String note, boolean defaultTargets, List<CompareTarget> targets, List<CompareRow> rows,
                                CompareTotals totals) {
    }

    /** A target and the endpoint it is priced at: USD per million tokens, USD per request. */
    public record CompareTarget(String model, String name, String kind, String provider, BigDecimal promptPerMillion,
                                BigDecimal completionPerMillion, BigDecimal cacheReadPerMillion, BigDecimal perRequest) {
    }

    public record CompareRow(String model, String kind, long requests, long promptTokens, long completionTokens,
                             long reasoningTokens, long cachedTokens, BigDecimal paid, List<CompareCell> targets) {
    }

    /** What a row's tokens cost on one target; all null when the target is not of the row's kind. */
    public record CompareCell(String model, BigDecimal cost, BigDecimal difference, BigDecimal differencePercent) {
        public boolean comparable() {
            return cost != null;
        }
    }

    public record CompareTotals(long requests, long promptTokens, long completionTokens, long reasoningTokens,
                                long cachedTokens, BigDecimal paid, List<CompareTargetTotal> targets) {
    }

    /** A target's total over the rows of its kind; all null when it re-prices no row. */
    public record CompareTargetTotal(String model, BigDecimal paid, BigDecimal cost, BigDecimal difference,
                                     BigDecimal differencePercent) {
        public boolean comparable() {
            return cost != null;
        }
    }
}
