package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.credit.CreditGuard;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.limits.RateLimiter;
import dev.switchboard.gateway.metering.GenerationIds;
import dev.switchboard.gateway.metering.TokenEstimator;
import dev.switchboard.gateway.metering.GenerationRecord;
import dev.switchboard.gateway.metering.UsageRecorder;
import dev.switchboard.gateway.providers.ProviderAdapters;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.http.ProviderHttp;
import dev.switchboard.gateway.routing.Demand;
import dev.switchboard.gateway.routing.RoutePlan;
import dev.switchboard.gateway.routing.RoutePlanner;
import dev.switchboard.gateway.routing.RoutingOptions;
import dev.switchboard.gateway.routing.health.EndpointHealth;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * The request path of every chat call: plan the route → reserve the worst case of the dearest candidate → try the
 * candidates one at a time ({@link AttemptRunner}) through their wire format's adapter → answer (whole, or streamed
 * by {@link StreamingCall}) → settle the actual cost of the serving attempt → record exactly one generation, with
 * every attempt on it. Runs on the event loop and never blocks it.
 */
@Singleton
public class ChatProxy {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ChatProxy.class);

    @Inject
    RoutePlanner planner;
    @Inject
    CreditGuard credit;
    @Inject
    ProviderAdapters adapters;
    @Inject
    ProviderHttp http;
    @Inject
    UsageRecorder recorder;
    @Inject
    RateLimiter limiter;
    @Inject
    EndpointHealth health;
    @Inject
    GatewayConfig config;
    @Inject
    Vertx vertx;

    public void handle(RoutingContext ctx, Caller caller, ChatRequest request, RoutingOptions options, OutputDialect dialect) {
        admit(recorder);
        Demand demand = Demand.of(request);
        RoutePlan plan = planner.plan(request.model(), options, demand);
        long worstCase = plan.worstCaseNanos(TokenEstimator.reserve(request));
        Instant now = Instant.now();
        Exchange exchange = new Exchange(GenerationIds.next(now), now, caller, request, demand.promptTokens(), plan, dialect,
                ctx.request().getHeader("HTTP-Referer"), appTitle(ctx));
        exchange.streamed = request.stream();
        logContext(exchange.generationId, caller);

        credit.reserve(caller, worstCase).onComplete(reserved -> guarded(ctx, exchange, () -> {
            if (reserved.failed()) {
                ctx.fail(reserved.cause()); // nothing reached a provider: no generation, no charge
                return;
            }
            exchange.reservation = reserved.result();
            if (ctx.response().closed()) {
                credit.settle(exchange.reservation, 0);
                return;
            }
            if (request.stream()) {
                new StreamingCall(this, ctx, exchange).start();
            } else {
                new WholeCall(this, ctx, exchange).start();
            }
        }));
    }

    /**
     * The request's log lines carry its generation and organization (fields of the JSON log line in production):
     * Quarkus keeps the MDC on the request's own Vert.x context, so it follows the request across its callbacks.
     */
    static void logContext(String generationId, Caller caller) {
        MDC.put("generation_id", generationId);
        MDC.put("organization_id", caller.organizationId().toString());
    }

    /** Refuses a new request with 503 while metering holds as much unwritten usage as it may (the database is away). */
    static void admit(UsageRecorder recorder) {
        if (!recorder.accepting()) {
            throw ApiException.unavailable("The gateway cannot record usage right now (its database is unavailable); retry in a few seconds.");
        }
    }

    /**
     * Runs a callback of the request path; a bug in it must not leave the client hanging: it is logged,
     * answered with a 500, and the reservation released (or the generation recorded if a provider was called).
     */
    void guarded(RoutingContext ctx, Exchange exchange, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "request %s failed inside the gateway", exchange.generationId);
            if (exchange.status < 400) {
                exchange.status = 500;
                exchange.errorCode = "internal";
                exchange.errorMessage = String.valueOf(e.getMessage());
            }
            finish(exchange);
            if (!ctx.response().headWritten() && !ctx.response().closed()) {
                ctx.fail(e instanceof ApiException ? e : new ApiException(ErrorCode.INTERNAL,
                        "Internal error in the gateway (generation " + exchange.generationId + "); it was logged."));
            } else if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().end();
            }
        }
    }

    /**
     * Nothing served the request before output: the client gets {@code error} as a plain HTTP error (the caller
     * handles a stream whose head is already out), and it is charged nothing.
     */
    void failBeforeOutput(RoutingContext ctx, Exchange exchange, ApiException error, ProviderException failure) {
        if (exchange.cancelled) {
            return; // already recorded as the client's cancellation; nobody to answer
        }
        recordFailure(exchange, error, failure);
        finish(exchange);
        if (!ctx.response().closed() && !ctx.response().headWritten()) {
            ctx.fail(error);
        }
    }

    /** The generation's status and error for a request that ended in {@code error}. */
    static void recordFailure(Exchange exchange, ApiException error, ProviderException failure) {
        exchange.status = error.code().status();
        exchange.errorCode = error.code().name().toLowerCase();
        exchange.errorMessage = failure == null ? error.getMessage() : UpstreamErrors.recorded(error, failure, exchange.generationId);
    }

    /**
     * Exactly once per request: settle the reservation and, when a provider was called, queue the generation (with
     * every attempt). A request no provider was called for costs nothing and leaves no generation.
     */
    void finish(Exchange exchange) {
        if (exchange.reservation == null || exchange.finished) {
            return;
        }
        exchange.finished = true;
        if (!exchange.calledUpstream) {
            credit.settle(exchange.reservation, 0);
            return;
        }
        long cost = exchange.bill().costNanos();
        credit.settle(exchange.reservation, cost);
        GenerationRecord generation = exchange.toGeneration();
        recorder.record(generation);
        limiter.chargeTokens(exchange.caller, (long) generation.tokensPrompt() + generation.tokensCompletion());
    }

    static Map<String, String> headers(HttpClientResponse response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
        return headers;
    }

    private static String appTitle(RoutingContext ctx) {
        String title = ctx.request().getHeader("X-Title");
        return title != null ? title : ctx.request().getHeader("X-OpenRouter-Title");
    }

    GatewayConfig config() {
        return config;
    }

    Vertx vertx() {
        return vertx;
    }

    ProviderHttp http() {
        return http;
    }

    ProviderAdapters adapters() {
        return adapters;
    }

    EndpointHealth health() {
        return health;
    }

    static HttpServerResponse sseHead(HttpServerResponse response, String generationId) {
        return response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Generation-Id", generationId);
    }
}
