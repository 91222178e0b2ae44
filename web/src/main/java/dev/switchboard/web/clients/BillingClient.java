package dev.switchboard.web.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** What the dashboard asks of billing-service, as the signed-in user (billing checks the membership and role). */
@ApplicationScoped
public class BillingClient {

    @Inject
    @RestClient
    BillingRestClient rest;

    @Inject
    ManagedExecutor executor;

    public Balance balance(UUID organizationId) {
        return rest.balance(organizationId);
    }

    /** USD amounts exact to the nano-dollar, as billing sends them. */
    public record Balance(UUID organizationId, BigDecimal balance, BigDecimal available, BigDecimal reserved,
                          BigDecimal totalCredits, BigDecimal totalUsage) {
    }

    // --- activity ---

    /**
     * billing's spend report of the organization (docs/api-reports.md): over UTC days or an hourly window, grouped and
     * optionally split again, optionally for one key or one member's keys. Another organization's key or member is
     * billing's 404.
     */
    public SpendReport spendReport(UUID organizationId, SpendQuery query) {
        return rest.spendReport(organizationId, text(query.from()), text(query.to()), text(query.start()), text(query.end()),
                query.groupBy(), query.thenBy(), text(query.apiKeyId()), text(query.memberUserId()), query.model());
    }

    /**
     * Several reports at once, each on a worker with this request's context (the user's token): each is one
     * aggregating query in billing, and a page waits for the slowest instead of their sum.
     */
    public List<SpendReport> spendReports(UUID organizationId, List<SpendQuery> queries) {
        if (queries.size() == 1) {
            return List.of(spendReport(organizationId, queries.getFirst()));
        }
        List<CompletableFuture<SpendReport>> running = queries.stream()
                .map(query -> executor.supplyAsync(() -> spendReport(organizationId, query))).toList();
        return running.stream().map(BillingClient::join).toList();
    }

    /** The balance, fetched beside other calls ({@link #join} it). */
    public CompletableFuture<Balance> balanceAsync(UUID organizationId) {
        return executor.supplyAsync(() -> balance(organizationId));
    }

    /** A call's result, or the exception it ended with (a {@link ServiceException} stays one, for the error page). */
    public static <T> T join(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** What to ask: days {@code from}–{@code to} (inclusive) or the window {@code start}–{@code end}; null = absent. */
    public record SpendQuery(LocalDate from, LocalDate to, Instant start, Instant end, String groupBy, String thenBy,
                             UUID apiKeyId, UUID memberUserId, String model) {

        public static SpendQuery days(LocalDate from, LocalDate to, String groupBy, String thenBy) {
            return new SpendQuery(from, to, null, null, groupBy, thenBy, null, null, null);
        }

        public static SpendQuery window(Instant start, Instant end, String groupBy, String thenBy) {
            return new SpendQuery(null, null, start, end, groupBy, thenBy, null, null, null);
        }

        /** Only one key's, one member's keys' or one model's usage (null: no such filter). */
        public SpendQuery only(UUID apiKeyId, UUID memberUserId, String model) {
            return new SpendQuery(from, to, start, end, groupBy, thenBy, apiKeyId, memberUserId, model);
        }
    }

    /** A spend report: the echoed range and filters, rows in billing's order, and their totals. */
    public record SpendReport(UUID organizationId, LocalDate from, LocalDate to, Instant start, Instant end, String groupBy,
                              String thenBy, KeyFilter apiKey, MemberFilter member, String model, List<SpendRow> rows,
                              SpendUsage totals) {
    }

    public record KeyFilter(UUID apiKeyId, String apiKeyName, String apiKeyPrefix) {
    }

    public record MemberFilter(UUID memberUserId, String memberEmail, String memberName) {
    }

    /**
     * One row: the columns of its groupings (the others null; a member row of keys without a creator has all three
     * member columns null), then the usage. {@code cost} is exact (a JSON decimal read as BigDecimal, never a double).
     */
    public record SpendRow(String model, String provider, UUID apiKeyId, String apiKeyName, String apiKeyPrefix,
                           UUID memberUserId, String memberEmail, String memberName, LocalDate day, Instant hour,
                           long requests, long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                           BigDecimal cost) {

        public SpendUsage usage() {
            return new SpendUsage(requests, promptTokens, completionTokens, reasoningTokens, cachedTokens, cost);
        }
    }

    public record SpendUsage(long requests, long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                             BigDecimal cost) {

        public static final SpendUsage NONE = new SpendUsage(0, 0, 0, 0, 0, BigDecimal.ZERO);

        public SpendUsage plus(SpendUsage o) {
            return new SpendUsage(requests + o.requests, promptTokens + o.promptTokens, completionTokens + o.completionTokens,
                    reasoningTokens + o.reasoningTokens, cachedTokens + o.cachedTokens, cost.add(o.cost));
        }
    }

    // --- credits ---

    /** What {@code amount} (USD, as typed) of credit costs; billing's 400 names {@code amount} when it is no price. */
    public Quote quote(UUID organizationId, String amount) {
        return rest.quote(organizationId, amount);
    }

    /** Starts a purchase (owner or admin): send the buyer to {@code checkoutUrl}. */
    public Checkout checkout(UUID organizationId, BigDecimal amount) {
        return rest.checkout(organizationId, new CheckoutRequest(amount));
    }

    /** The newest {@code limit} (1 to 200) purchases and auto top-ups. */
    public List<Payment> payments(UUID organizationId, int limit) {
        return rest.payments(organizationId, limit).data();
    }

    /** A page of the ledger statement, newest first; {@code before} is the previous page's cursor or null. */
    public TransactionPage transactions(UUID organizationId, int limit, String before) {
        return rest.transactions(organizationId, limit, before);
    }

    /** The same page as billing's CSV file; an error answer is a {@link ServiceException} like any other. */
    public Response transactionsCsv(UUID organizationId, int limit, String before) {
        Response response = rest.transactionsCsv(organizationId, limit, before, "csv");
        if (response.getStatus() >= 400) {
            throw new ServiceErrors().toThrowable(response);
        }
        return response;
    }

    /** Auto top-up settings (owner or admin; billing answers 403 to a member). */
    public AutoTopUp autoTopUp(UUID organizationId) {
        return rest.autoTopUp(organizationId);
    }

    public AutoTopUp updateAutoTopUp(UUID organizationId, AutoTopUpSettings settings) {
        return rest.updateAutoTopUp(organizationId, settings);
    }

    /** Starts saving a card for auto top-up: send the buyer to {@code checkoutUrl} (nothing is charged). */
    public CardSetup saveCard(UUID organizationId) {
        return rest.saveCard(organizationId);
    }

    public record Quote(BigDecimal credit, BigDecimal fee, BigDecimal total, String currency) {
    }

    public record CheckoutRequest(BigDecimal amount) {
    }

    public record Checkout(UUID paymentId, String checkoutUrl, String sessionId, BigDecimal credit, BigDecimal fee,
                           BigDecimal total) {
    }

    public record PaymentList(List<Payment> data) {
    }

    /**
     * A purchase ({@code source} checkout) or auto top-up; {@code total} is what the card paid, {@code refunded} what
     * went back to it, {@code refundPending} refunds Stripe has not reported yet; {@code sessionId} is the Checkout
     * Session of a purchase (null for auto top-ups).
     */
    public record Payment(UUID id, String source, String status, BigDecimal credit, BigDecimal fee, BigDecimal total,
                          BigDecimal refunded, BigDecimal refundPending, String currency, String failureReason,
                          OffsetDateTime createdAt, OffsetDateTime completedAt, String sessionId) {

        /** Paid, whether or not some of it went back since. */
        public boolean wasPaid() {
            return "paid".equals(status) || "partially_refunded".equals(status) || "refunded".equals(status);
        }

        public boolean hasRefunds() {
            return refunded != null && refunded.signum() != 0 || refundPending != null && refundPending.signum() != 0;
        }

        public String sourceLabel() {
            return "auto_topup".equals(source) ? "Auto top-up" : "Purchase";
        }

        public String statusLabel() {
            return status == null ? "" : status.replace('_', ' ');
        }
    }

    /** One page of the statement; {@code nextCursor} (as {@code before}) reads on while {@code hasMore}. */
    public record TransactionPage(UUID organizationId, String timezone, List<Transaction> data, boolean hasMore,
                                  String nextCursor) {
    }

    /** A ledger line (signed USD); a day's usage is one line ({@code id} null, {@code entries} summed). */
    public record Transaction(UUID id, String kind, LocalDate day, BigDecimal amount, BigDecimal balanceAfter,
                              String description, String externalReference, UUID createdBy, OffsetDateTime createdAt,
                              long entries) {
    }

    public record AutoTopUp(boolean enabled, BigDecimal threshold, BigDecimal amount, Card card, String lastError,
                            boolean inFlight, LastTopUp lastTopUp) {
    }

    /** The saved card: brand and last four digits only. */
    public record Card(String brand, String last4) {

        /** "visa ending in 4242", as much of it as Stripe told. */
        public String description() {
            String name = brand == null ? "card" : brand;
            return last4 == null ? name : name + " ending in " + last4;
        }
    }

    public record LastTopUp(UUID paymentId, String status, BigDecimal credit, BigDecimal fee, String failureReason,
                            OffsetDateTime createdAt, OffsetDateTime completedAt) {
    }

    /** Every field required by billing: on or off, below {@code threshold} USD buy {@code amount} USD. */
    public record AutoTopUpSettings(Boolean enabled, BigDecimal threshold, BigDecimal amount) {
    }

    public record CardSetup(String checkoutUrl, String sessionId) {
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
