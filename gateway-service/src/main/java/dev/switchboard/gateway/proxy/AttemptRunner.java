package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.routing.Candidate;
import dev.switchboard.gateway.routing.FallbackPolicy;
import dev.switchboard.gateway.routing.RoutePlan;
import dev.switchboard.gateway.routing.health.EndpointHealth;
import dev.switchboard.gateway.routing.health.Permit;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a request's {@link RoutePlan} one attempt at a time, the same for plain, streamed and embeddings calls (the
 * {@link Leg} says how one attempt is sent and answered). An attempt that fails before any output reached the
 * client comes back here and {@link FallbackPolicy} decides: the next candidate, the same endpoint after its
 * Retry-After, or the failure to the client. Each attempt holds a health permit and reports its outcome on it, so
 * failures feed the circuit breaker. Runs on the request's event loop.
 */
final class AttemptRunner {

    /** How one attempt is made and how the request ends when none can serve. */
    interface Leg {
        /** The call for this candidate; throws {@link ProviderException} or {@link ApiException} when its format cannot express the request. */
        PreparedCall prepare(Candidate candidate, ProviderAdapter adapter);

        /** Sends the attempt; reports {@link AttemptRunner#failed} while nothing reached the client, answers the client itself otherwise. */
        void send(Attempt attempt);

        /** Nothing served: answer the client with {@code error}; {@code failure} is the last provider failure, null when none was tried. */
        void giveUp(ApiException error, ProviderException failure);

        /** Runs a step of this request outside its own callbacks (a timer): a bug in it ends the request instead of hanging it. */
        void guard(Runnable step);
    }

    private final ChatProxy proxy;
    private final RoutePlan plan;
    private final Leg leg;
    private final long deadlineNanos;
    private Attempt current;
    private ProviderException lastFailure;
    private String lastProvider;
    private ApiException inexpressible;
    private int inexpressibleCount;
    private boolean retriedSame;
    private boolean stopped;

    AttemptRunner(ChatProxy proxy, RoutePlan plan, Leg leg) {
        this.proxy = proxy;
        this.plan = plan;
        this.leg = leg;
        this.deadlineNanos = System.nanoTime() + proxy.config().routing().deadline().toNanos();
    }

    RoutePlan plan() {
        return plan;
    }

    /** The attempt in flight or the last one made; null before the first. */
    Attempt current() {
        return current;
    }

    /** Tries the next candidate; when none is left, the request ends with the last failure. */
    void next() {
        if (stopped) {
            return;
        }
        Candidate candidate = plan.next();
        if (candidate == null) {
            stopped = true;
            leg.giveUp(noneLeft(), lastFailure);
            return;
        }
        EndpointHealth health = proxy.health();
        Permit permit = health.tryAcquire(candidate.endpoint().id());
        if (permit == null) {
            String reason = health.availability(candidate.endpoint().id()).reason();
            plan.skipped(candidate, reason == null ? "circuit open: another request holds its probe" : reason);
            next();
            return;
        }
        ProviderAdapter adapter = proxy.adapters().forFormat(candidate.endpoint().format());
        PreparedCall call;
        try {
            call = leg.prepare(candidate, adapter);
        } catch (ProviderException | ApiException e) {
            // the request cannot be expressed in this provider's format (e.g. tool arguments that are not a JSON object)
            permit.abandoned();
            plan.skipped(candidate, "cannot take this request: " + e.getMessage());
            inexpressible = e instanceof ApiException api ? api : ApiException.badRequest("messages", e.getMessage());
            inexpressibleCount++;
            next();
            return;
        } catch (RuntimeException e) {
            permit.abandoned(); // a bug, not the endpoint's fault: its probe slot must not stay taken
            throw e;
        }
        long remaining = deadlineNanos - System.nanoTime();
        Duration timeout = Duration.ofNanos(Math.max(1_000_000L, Math.min(remaining, proxy.config().upstream().firstByteTimeout().toNanos())));
        current = new Attempt(candidate, adapter, call, permit, timeout);
        try {
            leg.send(current);
        } catch (RuntimeException e) {
            if (current.report()) {
                permit.abandoned();
            }
            throw e;
        }
    }

    /**
     * The attempt failed before any output reached the client: recorded on the plan and the endpoint's health, then
     * the next step as {@link FallbackPolicy} decides.
     */
    void failed(Attempt attempt, ProviderException failure) {
        if (stopped || attempt != current || !attempt.report()) {
            return;
        }
        attempt.permit.failed(failure);
        ApiException error = UpstreamErrors.toApi(failure, attempt.endpoint().providerName());
        plan.failed(attempt.candidate, failure.upstreamStatus() > 0 ? failure.upstreamStatus() : error.code().status(),
                attempt.elapsedMillis(), error.getMessage());
        lastFailure = failure;
        lastProvider = attempt.endpoint().providerName();
        Duration remaining = Duration.ofNanos(deadlineNanos - System.nanoTime());
        FallbackPolicy.Decision decision = FallbackPolicy.decide(failure, plan, remaining, retriedSame, attempt.endpoint().modelId());
        switch (decision) {
            case FallbackPolicy.Decision.Next ignored -> {
                retriedSame = false;
                next();
            }
            case FallbackPolicy.Decision.RetrySame retry -> {
                retriedSame = true;
                plan.retry(attempt.candidate);
                proxy.vertx().setTimer(Math.max(1, retry.delay().toMillis()), id -> leg.guard(this::next));
            }
            case FallbackPolicy.Decision.GiveUp ignored -> {
                stopped = true;
                leg.giveUp(error, failure);
            }
        }
    }

    /** The attempt's output reached the client: no other attempt will be made. */
    void serving(Attempt attempt) {
        if (!stopped) {
            stopped = true;
            plan.served(attempt.candidate, 200, attempt.elapsedMillis());
        }
    }

    /** The client went away: the attempt in flight is cancelled and its probe slot, if any, freed. */
    void cancel() {
        stopped = true;
        if (current != null) {
            current.cancel();
            if (current.report()) {
                current.permit.abandoned();
            }
        }
    }

    /** The error when the plan ran out: the last provider failure, else why no candidate could be tried. */
    private ApiException noneLeft() {
        if (lastFailure != null) {
            return UpstreamErrors.toApi(lastFailure, lastProvider);
        }
        if (inexpressible != null && inexpressibleCount == plan.candidates().size()) {
            return inexpressible;
        }
        Map<String, Object> removed = new LinkedHashMap<>();
        StringBuilder message = new StringBuilder("No endpoint could take this request:");
        for (RoutePlan.Step s : plan.trace()) {
            removed.put(s.providerName(), s.reason());
            message.append(' ').append(s.providerName()).append(' ').append(s.reason()).append(';');
        }
        message.setLength(message.length() - 1);
        return new ApiException(inexpressible != null ? ErrorCode.BAD_REQUEST : ErrorCode.NO_AVAILABLE_PROVIDER,
                message.append('.').toString(), Map.of("removed_endpoints", removed));
    }
}
