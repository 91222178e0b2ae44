package dev.switchboard.web.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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
                query.groupBy(), query.thenBy(), text(query.apiKeyId()), text(query.memberUserId()));
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
                             UUID apiKeyId, UUID memberUserId) {

        public static SpendQuery days(LocalDate from, LocalDate to, String groupBy, String thenBy) {
            return new SpendQuery(from, to, null, null, groupBy, thenBy, null, null);
        }

        public static SpendQuery window(Instant start, Instant end, String groupBy, String thenBy) {
            return new SpendQuery(null, null, start, end, groupBy, thenBy, null, null);
        }

        public SpendQuery only(UUID apiKeyId, UUID memberUserId) {
            return new SpendQuery(from, to, start, end, groupBy, thenBy, apiKeyId, memberUserId);
        }
    }

    /** A spend report: the echoed range and filters, rows in billing's order, and their totals. */
    public record SpendReport(UUID organizationId, LocalDate from, LocalDate to, Instant start, Instant end, String groupBy,
                              String thenBy, KeyFilter apiKey, MemberFilter member, List<SpendRow> rows, SpendUsage totals) {
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
}
