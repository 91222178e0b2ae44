package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.metering.SpendCalculator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * One request's route: the candidate endpoints in the order they are to be tried, and a trace of what became of
 * every endpoint considered (skipped and why, tried and how it went, served). The trace is what the generation
 * records, so a plan can be explained after the fact. Used by one request at a time (its event loop), not shared.
 */
public final class RoutePlan {

    /** What became of one endpoint. */
    public enum Outcome {
        /** Removed before any attempt: a constraint of the request, a capability, health. */
        SKIPPED,
        /** Tried, and it failed before output reached the client. */
        FAILED,
        /** Tried and served the request (it may still have failed after output started). */
        SERVED,
        /** Planned, but the request ended before its turn. */
        NOT_TRIED
    }

    /**
     * One line of the trace.
     *
     * @param status    the HTTP status of an attempt (the provider's, or ours for a connection failure); null when none was made
     * @param latencyMs time the attempt took until it failed or its first output; null when none was made
     */
    public record Step(String model, String providerName, UUID endpointId, Outcome outcome, String reason, Integer status,
                       Long latencyMs) {
    }

    private final List<Candidate> planned;
    private final Deque<Candidate> queue;
    private final List<Step> trace = new ArrayList<>();
    private int attempts;

    RoutePlan(List<Candidate> candidates, List<Step> skipped) {
        this.planned = List.copyOf(candidates);
        this.queue = new ArrayDeque<>(candidates);
        this.trace.addAll(skipped);
    }

    /** Every candidate, in plan order (whatever became of it). */
    public List<Candidate> candidates() {
        return planned;
    }

    public boolean hasNext() {
        return !queue.isEmpty();
    }

    /** The next candidate to try, removed from the queue; null when none is left. */
    public Candidate next() {
        return queue.pollFirst();
    }

    /** Puts a candidate back at the front of the queue (retried after the provider's Retry-After). */
    public void retry(Candidate candidate) {
        queue.addFirst(candidate);
    }

    /**
     * Gives up on a model: its queued candidates are skipped with {@code reason} (its provider said the request is
     * invalid, which another provider of the same model would most likely repeat).
     *
     * @return whether candidates of other models remain
     */
    public boolean dropModel(String modelId, String reason) {
        queue.removeIf(c -> {
            if (c.endpoint().modelId().equals(modelId)) {
                trace.add(step(c.endpoint(), Outcome.SKIPPED, reason, null, null));
                return true;
            }
            return false;
        });
        return !queue.isEmpty();
    }

    /** Whether a candidate of a model other than {@code modelId} is still queued. */
    public boolean hasOtherModel(String modelId) {
        return queue.stream().anyMatch(c -> !c.endpoint().modelId().equals(modelId));
    }

    /** Attempts made so far (failed and served). */
    public int attempts() {
        return attempts;
    }

    /** The endpoint could not be tried when its turn came (circuit open, the request cannot be expressed in its format). */
    public void skipped(Candidate candidate, String reason) {
        trace.add(step(candidate.endpoint(), Outcome.SKIPPED, reason, null, null));
    }

    public void failed(Candidate candidate, int status, long latencyMs, String reason) {
        attempts++;
        trace.add(step(candidate.endpoint(), Outcome.FAILED, reason, status, latencyMs));
    }

    public void served(Candidate candidate, int status, long latencyMs) {
        attempts++;
        trace.add(step(candidate.endpoint(), Outcome.SERVED, null, status, latencyMs));
    }

    /**
     * The most this request can cost wherever it is served: the worst case of the dearest candidate, so the
     * reservation covers every fallback.
     */
    public long worstCaseNanos(int promptTokensEstimate) {
        long worst = 0;
        for (Candidate c : planned) {
            worst = Math.max(worst, SpendCalculator.worstCaseNanos(promptTokensEstimate, c.maxOutputTokens(), c.endpoint().prices()));
        }
        return worst;
    }

    /** The trace so far, with the candidates still queued as not tried. */
    public List<Step> trace() {
        List<Step> all = new ArrayList<>(trace);
        for (Candidate c : queue) {
            all.add(step(c.endpoint(), Outcome.NOT_TRIED, null, null, null));
        }
        return all;
    }

    static Step step(CatalogEndpoint endpoint, Outcome outcome, String reason, Integer status, Long latencyMs) {
        return new Step(endpoint.modelId(), endpoint.providerName(), endpoint.id(), outcome, reason, status, latencyMs);
    }
}
