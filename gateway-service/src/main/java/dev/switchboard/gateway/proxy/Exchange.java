package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.metering.TokenEstimator;
import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.routing.Candidate;
import dev.switchboard.gateway.routing.RoutePlan;
import dev.switchboard.gateway.credit.Reservation;
import dev.switchboard.gateway.metering.GenerationRecord;
import dev.switchboard.gateway.metering.SpendCalculator;
import java.time.Instant;
import java.util.List;

/**
 * What one proxied request knows as it goes: who asked, where it went, what came back, what it cost.
 * Turned into exactly one generation when it ends.
 */
final class Exchange {

    final String generationId;
    final Instant createdAt;
    final long startNanos = System.nanoTime();
    final Caller caller;
    final ChatRequest request;
    final RoutePlan plan;
    /** The endpoint of the current attempt; after the request, the one that served it (or failed last). */
    CatalogEndpoint endpoint;
    final OutputDialect dialect;
    final String appReferer;
    final String appTitle;
    Reservation reservation;
    /** Whether a call to the provider was made: only then does the request become a generation. */
    boolean calledUpstream;
    boolean finished;
    private Bill bill;
    List<String> droppedParameters = List.of();
    /** The prompt's tokens as the gateway counts them ({@link TokenEstimator#count(ChatRequest)}), counted once by routing. */
    final int promptTokens;

    String upstreamId;
    Long firstTokenNanos;
    Usage reportedUsage;
    /** What the provider had reported when a stream ended early; null otherwise. */
    Usage partialUsage;
    FinishReason finishReason;
    String nativeFinishReason;
    final StringBuilder produced = new StringBuilder();
    boolean cancelled;
    boolean streamed;
    int status = 200;
    String errorCode;
    String errorMessage;

    Exchange(String generationId, Instant createdAt, Caller caller, ChatRequest request, int promptTokens, RoutePlan plan,
             OutputDialect dialect, String appReferer, String appTitle) {
        this.generationId = generationId;
        this.createdAt = createdAt;
        this.caller = caller;
        this.request = request;
        this.promptTokens = promptTokens;
        this.plan = plan;
        this.endpoint = plan.candidates().getFirst().endpoint();
        this.dialect = dialect;
        this.appReferer = appReferer;
        this.appTitle = appTitle;
    }

    /** The call of this request at {@code candidate}'s endpoint, with the output cap routing planned for it. */
    PreparedCall prepare(Candidate candidate, ProviderAdapter adapter) {
        return adapter.prepareChat(candidate.requestFor(request), candidate.endpoint().toTarget());
    }

    /**
     * A new attempt starts at {@code attempt}'s endpoint: what an earlier attempt left (it failed before any output
     * reached the client) is forgotten, so only the serving attempt is billed.
     */
    void startAttempt(Attempt attempt) {
        endpoint = attempt.endpoint();
        calledUpstream = true;
        droppedParameters = attempt.call.droppedParameters();
        upstreamId = null;
        firstTokenNanos = null;
        reportedUsage = null;
        partialUsage = null;
        finishReason = null;
        nativeFinishReason = null;
        produced.setLength(0);
    }

    /**
     * The client closed the connection before the response ended: recorded as nginx's 499 "client closed request",
     * streamed or not, and billed for what was produced until then (nothing, when no output had reached it).
     */
    void clientGone() {
        cancelled = true;
        status = 499;
        errorCode = "client_cancelled";
        errorMessage = "client closed the connection";
    }

    /** What the request is billed: usage, whether the gateway counted it, the exact cost and its input part. */
    record Bill(Usage usage, boolean estimated, long costNanos, long promptCostNanos) {
    }

    /**
     * The bill, computed once when the request is over (everything it depends on is final by then): the provider's
     * usage when it reported it; otherwise counted by the gateway (marked as estimated). A request that ended in
     * error having produced nothing costs nothing.
     */
    Bill bill() {
        if (bill == null) {
            Usage usage = billableUsage();
            long cost = SpendCalculator.costNanos(usage, endpoint.prices());
            bill = new Bill(usage, reportedUsage == null && !usage.equals(Usage.ZERO), cost,
                    Math.min(SpendCalculator.promptCostNanos(usage, endpoint.prices()), cost));
        }
        return bill;
    }

    private Usage billableUsage() {
        if (reportedUsage != null) {
            return reportedUsage;
        }
        int completion = TokenEstimator.count(produced);
        if (completion == 0 && (status >= 400 || finishReason == FinishReason.ERROR)) {
            return Usage.ZERO; // nothing reached the client and it ended in error or was cancelled: no charge
        }
        if (partialUsage != null) {
            // a stream that ended early: the provider's input counts are exact; output is what it reported or,
            // if more was streamed than it had counted, what the gateway counts of the streamed text
            return new Usage(partialUsage.promptTokens(), Math.max(partialUsage.completionTokens(), completion),
                    partialUsage.cachedPromptTokens(), partialUsage.cacheWriteTokens(), partialUsage.reasoningTokens());
        }
        return new Usage(promptTokens, completion, 0, 0, 0);
    }

    ResponseMeta meta() {
        Bill b = bill();
        return new ResponseMeta(generationId, createdAt.getEpochSecond(), endpoint.modelId(), endpoint.providerName(), b.usage(),
                b.costNanos(), b.promptCostNanos(), b.costNanos() - b.promptCostNanos(), b.estimated());
    }

    GenerationRecord toGeneration() {
        Bill b = bill();
        Usage usage = b.usage();
        long now = System.nanoTime();
        Integer latency = firstTokenNanos == null ? null : (int) ((firstTokenNanos - startNanos) / 1_000_000);
        return new GenerationRecord(generationId, createdAt, caller.organizationId(), caller.apiKeyId(), endpoint.modelId(),
                endpoint.providerId(), endpoint.providerName(), endpoint.id(), dialect.apiType(), upstreamId,
                usage.promptTokens(), usage.completionTokens(), usage.reasoningTokens(), usage.cachedPromptTokens(),
                usage.cacheWriteTokens(), b.estimated(), b.costNanos(), latency, (int) ((now - startNanos) / 1_000_000), streamed, cancelled,
                finishReason == null ? null : finishReason.wire(), nativeFinishReason, status, errorCode, errorMessage,
                appReferer, appTitle, request.user(), RoutingTrace.json(plan), droppedParameters,
                reservation == null ? null : reservation.organizationLeaseId(),
                reservation == null ? null : reservation.keyLeaseId());
    }
}
