package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.credit.CreditGuard;
import dev.switchboard.gateway.credit.Reservation;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.limits.RateLimiter;
import dev.switchboard.gateway.metering.GenerationIds;
import dev.switchboard.gateway.metering.GenerationRecord;
import dev.switchboard.gateway.metering.SpendCalculator;
import dev.switchboard.gateway.metering.TokenEstimator;
import dev.switchboard.gateway.metering.UsageRecorder;
import dev.switchboard.gateway.providers.EmbeddingsAdapter;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.ProviderAdapters;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.routing.Candidate;
import dev.switchboard.gateway.routing.Demand;
import dev.switchboard.gateway.routing.RoutePlan;
import dev.switchboard.gateway.routing.RoutePlanner;
import dev.switchboard.gateway.routing.RoutingOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code POST /api/v1/embeddings}: the same plan → reserve → attempts → settle → record path as chat
 * ({@link AttemptRunner}), for embedding models.
 */
@Singleton
public class EmbeddingsProxy {

    @Inject
    RoutePlanner planner;
    @Inject
    CreditGuard credit;
    @Inject
    ProviderAdapters adapters;
    @Inject
    UsageRecorder recorder;
    @Inject
    RateLimiter limiter;
    @Inject
    ChatProxy chat;

    /**
     * @param render writes the response body of the vectors, in the client's encoding, with the response's meta
     */
    public void handle(RoutingContext ctx, Caller caller, String model, List<String> inputs, Integer dimensions, String user,
                       RoutingOptions options, BiFunction<List<double[]>, ResponseMeta, byte[]> render) {
        ChatProxy.admit(recorder);
        Set<String> parameters = new HashSet<>();
        if (dimensions != null) {
            parameters.add("dimensions");
        }
        if (user != null) {
            parameters.add("user");
        }
        int counted = inputs.stream().mapToInt(TokenEstimator::count).sum();
        RoutePlan plan = planner.plan(model, options, Demand.embeddings(counted, parameters));
        long worstCase = plan.worstCaseNanos(TokenEstimator.reserve(inputs));
        Instant now = Instant.now();
        String id = GenerationIds.next(now);
        ChatProxy.logContext(id, caller);
        credit.reserve(caller, worstCase).onComplete(reserved -> {
            if (reserved.failed()) {
                ctx.fail(reserved.cause());
                return;
            }
            if (ctx.response().closed()) {
                credit.settle(reserved.result(), 0); // the client left while credit was reserved: nothing to do
                return;
            }
            new Call(ctx, caller, plan, reserved.result(), id, now, inputs, counted, dimensions, user, render).start();
        });
    }

    /** One embeddings request's attempts. */
    private final class Call implements AttemptRunner.Leg {
        private final RoutingContext ctx;
        private final Caller caller;
        private final RoutePlan plan;
        private final Reservation reservation;
        private final String id;
        private final Instant now;
        private final List<String> inputs;
        /** The inputs' tokens as the gateway counts them: billed when the provider reports none. */
        private final int counted;
        private final Integer dimensions;
        private final String user;
        private final BiFunction<List<double[]>, ResponseMeta, byte[]> render;
        private final AttemptRunner runner;
        private final long start = System.nanoTime();
        private CatalogEndpoint endpoint;
        /** Settled (and recorded, when a provider was called): exactly once. */
        private boolean finished;

        Call(RoutingContext ctx, Caller caller, RoutePlan plan, Reservation reservation, String id, Instant now, List<String> inputs,
             int counted, Integer dimensions, String user, BiFunction<List<double[]>, ResponseMeta, byte[]> render) {
            this.ctx = ctx;
            this.caller = caller;
            this.plan = plan;
            this.reservation = reservation;
            this.id = id;
            this.now = now;
            this.inputs = inputs;
            this.counted = counted;
            this.dimensions = dimensions;
            this.user = user;
            this.render = render;
            this.runner = new AttemptRunner(chat, plan, this);
        }

        void start() {
            ctx.response().closeHandler(v -> {
                if (!ctx.response().ended() && !finished) {
                    // the client went away: no more attempts, nothing billed (no vectors reached it)
                    finished = true;
                    runner.cancel();
                    credit.settle(reservation, 0);
                    if (endpoint != null) {
                        recorder.record(generation(Usage.ZERO, false, 0, 499, "client_cancelled", "client closed the connection"));
                    }
                }
            });
            guard(runner::next);
        }

        @Override
        public void guard(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                org.jboss.logging.Logger.getLogger(EmbeddingsProxy.class).errorf(e, "embeddings request %s failed inside the gateway", id);
                runner.cancel();
                if (!finished) {
                    giveUp(new ApiException(ErrorCode.INTERNAL, "Internal error in the gateway (generation " + id + "); it was logged."), null);
                }
            }
        }

        @Override
        public PreparedCall prepare(Candidate candidate, ProviderAdapter adapter) {
            EmbeddingsAdapter embeddings = adapters.embeddingsFor(candidate.endpoint().format());
            if (embeddings == null) {
                throw new ApiException(ErrorCode.NO_AVAILABLE_PROVIDER, candidate.endpoint().providerName() + " offers no embeddings here");
            }
            return embeddings.prepareEmbeddings(inputs, dimensions, user, candidate.endpoint().toTarget());
        }

        @Override
        public void send(Attempt attempt) {
            endpoint = attempt.endpoint();
            chat.http().send(endpoint.toTarget(), attempt.call, attempt.timeout).compose(c -> {
                attempt.upstream = c;
                return c.response();
            }).compose(response -> response.body().map(bytes -> new Object[] {response, bytes})).onComplete(done -> guard(() -> {
                if (finished) {
                    return; // the client went away meanwhile
                }
                if (done.failed()) {
                    runner.failed(attempt, UpstreamErrors.asProviderException(done.cause()));
                    return;
                }
                HttpClientResponse response = (HttpClientResponse) done.result()[0];
                byte[] bytes = ((Buffer) done.result()[1]).getBytes();
                if (response.statusCode() >= 300) {
                    runner.failed(attempt, attempt.adapter.readError(response.statusCode(), ChatProxy.headers(response), bytes));
                    return;
                }
                EmbeddingsAdapter.EmbeddingsResult result;
                try {
                    result = adapters.embeddingsFor(endpoint.format()).readEmbeddings(bytes);
                } catch (ProviderException e) {
                    runner.failed(attempt, e);
                    return;
                }
                runner.serving(attempt);
                boolean estimated = result.promptTokens() < 0;
                int tokens = estimated ? counted : result.promptTokens();
                Usage usage = new Usage(tokens, 0, 0, 0, 0);
                long cost = SpendCalculator.costNanos(usage, endpoint.prices());
                if (attempt.report()) {
                    attempt.permit.succeeded(attempt.elapsedMillis(), 0, 0);
                }
                ResponseMeta meta = new ResponseMeta(id, now.getEpochSecond(), endpoint.modelId(), endpoint.providerName(), usage,
                        cost, cost, 0, estimated);
                byte[] answer = render.apply(result.vectors(), meta);
                finished = true;
                credit.settle(reservation, cost);
                GenerationRecord generation = generation(usage, estimated, cost, 200, null, null);
                recorder.record(generation);
                limiter.chargeTokens(caller, (long) generation.tokensPrompt() + generation.tokensCompletion());
                ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").putHeader("X-Generation-Id", id)
                        .end(Buffer.buffer(answer));
            }));
        }

        @Override
        public void giveUp(ApiException error, ProviderException failure) {
            if (finished) {
                return;
            }
            finished = true;
            credit.settle(reservation, 0);
            if (endpoint != null) { // a provider was called: the failed request is a generation, at no cost
                recorder.record(generation(Usage.ZERO, false, 0, error.code().status(), error.code().name().toLowerCase(),
                        failure == null ? error.getMessage() : UpstreamErrors.recorded(error, failure, id)));
            }
            if (!ctx.response().closed() && !ctx.response().headWritten()) {
                ctx.fail(error);
            }
        }

        private GenerationRecord generation(Usage usage, boolean estimated, long cost, int status, String errorCode, String errorMessage) {
            int elapsed = (int) ((System.nanoTime() - start) / 1_000_000);
            return new GenerationRecord(id, now, caller.organizationId(), caller.apiKeyId(), endpoint.modelId(), endpoint.providerId(),
                    endpoint.providerName(), endpoint.id(), "embeddings", null, usage.promptTokens(), 0, 0, 0, estimated, cost, elapsed,
                    elapsed, false, false, null, null, status, errorCode, errorMessage, null, null, null,
                    RoutingTrace.json(plan), List.of(), reservation.organizationLeaseId(), reservation.keyLeaseId());
        }
    }
}
