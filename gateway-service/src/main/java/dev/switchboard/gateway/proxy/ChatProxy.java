package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.auth.Caller;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.credit.CreditGuard;
import dev.switchboard.gateway.metering.GenerationIds;
import dev.switchboard.gateway.metering.SpendCalculator;
import dev.switchboard.gateway.metering.UsageRecorder;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.ProviderAdapters;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.http.ProviderHttp;
import dev.switchboard.gateway.routing.RoutePlanner;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The request path of every inference call: plan → reserve the worst case → call the provider through its
 * wire format's adapter → answer (whole or streamed) → settle the actual cost → record exactly one
 * generation. Runs on the event loop and never blocks it.
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
    GatewayConfig config;
    @Inject
    Vertx vertx;

    public void handle(RoutingContext ctx, Caller caller, ChatRequest request, OutputDialect dialect) {
        handle(ctx, caller, request, dialect, false);
    }

    public void handle(RoutingContext ctx, Caller caller, ChatRequest request, OutputDialect dialect, boolean requireParameters) {
        admit(recorder);
        CatalogEndpoint endpoint = planner.plan(request, requireParameters).getFirst();
        int promptEstimate = SpendCalculator.estimatePromptTokens(request);
        int maxOutput = request.maxTokens() != null ? request.maxTokens()
                : endpoint.maxOutput() != null ? endpoint.maxOutput() : config.defaultMaxOutputTokens();
        // without a client maximum or an endpoint maximum, bound the output to what was reserved
        ChatRequest upstreamRequest = request.maxTokens() == null && endpoint.maxOutput() == null
                ? request.withMaxTokens(maxOutput) : request;
        long worstCase = SpendCalculator.worstCaseNanos(promptEstimate, maxOutput, endpoint.prices());
        Instant now = Instant.now();
        Exchange exchange = new Exchange(GenerationIds.next(now), now, caller, request, endpoint, dialect,
                ctx.request().getHeader("HTTP-Referer"), appTitle(ctx));
        exchange.streamed = request.stream();

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
            ProviderAdapter adapter = adapters.forFormat(endpoint.format());
            PreparedCall call;
            try {
                call = adapter.prepareChat(upstreamRequest, endpoint.toTarget());
            } catch (ApiException e) {
                credit.settle(exchange.reservation, 0);
                ctx.fail(e);
                return;
            } catch (ProviderException e) {
                // the request cannot be expressed in the provider's format (e.g. tool arguments that are not a JSON object)
                credit.settle(exchange.reservation, 0);
                ctx.fail(ApiException.badRequest("messages", e.getMessage()));
                return;
            }
            exchange.droppedParameters = call.droppedParameters();
            exchange.calledUpstream = true;
            if (request.stream()) {
                new StreamingCall(this, ctx, exchange, adapter, call).start();
            } else {
                whole(ctx, exchange, adapter, call);
            }
        }));
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
                ctx.fail(e instanceof ApiException ? e : new ApiException(dev.switchboard.gateway.errors.ErrorCode.INTERNAL,
                        "Internal error in the gateway (generation " + exchange.generationId + "); it was logged."));
            } else if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().end();
            }
        }
    }

    private void whole(RoutingContext ctx, Exchange exchange, ProviderAdapter adapter, PreparedCall call) {
        // a client that goes away cancels the provider call and is recorded as a stream's would be (StreamingCall)
        ProviderHttp.Call[] upstream = new ProviderHttp.Call[1];
        ctx.response().closeHandler(v -> {
            if (!ctx.response().ended() && !exchange.finished) {
                exchange.clientGone();
                if (upstream[0] != null) {
                    upstream[0].cancel();
                }
                finish(exchange);
            }
        });
        http.send(exchange.endpoint.toTarget(), call).onComplete(sent -> guarded(ctx, exchange, () -> {
            if (exchange.cancelled) {
                if (sent.succeeded()) {
                    sent.result().cancel();
                }
                return;
            }
            if (sent.failed()) {
                failBeforeOutput(ctx, exchange, UpstreamErrors.asProviderException(sent.cause()));
                return;
            }
            upstream[0] = sent.result();
            upstream[0].response().onComplete(head -> guarded(ctx, exchange, () -> {
                if (exchange.cancelled) {
                    return; // the failure our own cancel caused, or an answer nobody waits for
                }
                if (head.failed()) {
                    failBeforeOutput(ctx, exchange, UpstreamErrors.asProviderException(head.cause()));
                    return;
                }
                HttpClientResponse response = head.result();
                response.body().onComplete(body -> guarded(ctx, exchange, () -> {
                    if (exchange.cancelled) {
                        return;
                    }
                    if (body.failed()) {
                        failBeforeOutput(ctx, exchange, UpstreamErrors.asProviderException(body.cause()));
                        return;
                    }
                    byte[] bytes = body.result().getBytes();
                    if (response.statusCode() >= 300) {
                        failBeforeOutput(ctx, exchange, adapter.readError(response.statusCode(), headers(response), bytes));
                        return;
                    }
                    ChatResponse answer;
                    try {
                        answer = adapter.readChatResponse(bytes);
                    } catch (ProviderException e) {
                        failBeforeOutput(ctx, exchange, e);
                        return;
                    }
                    exchange.firstTokenNanos = System.nanoTime();
                    exchange.upstreamId = answer.upstreamId();
                    exchange.reportedUsage = answer.usage();
                    exchange.finishReason = answer.finishReason();
                    exchange.nativeFinishReason = answer.nativeFinishReason();
                    exchange.produced.append(answer.text());
                    answer.toolUses().forEach(t -> exchange.produced.append(t.argumentsJson()));
                    // queued before the client can read the answer: a GET /generation right after finds it
                    finish(exchange);
                    if (!ctx.response().closed()) {
                        ctx.response().setStatusCode(200)
                                .putHeader("Content-Type", "application/json")
                                .putHeader("X-Generation-Id", exchange.generationId)
                                .end(exchange.dialect.body(answer, exchange.meta()));
                    }
                }));
            }));
        }));
    }

    /** The provider failed before any output reached the client: answer with our error, charge nothing. */
    void failBeforeOutput(RoutingContext ctx, Exchange exchange, ProviderException failure) {
        if (exchange.cancelled) {
            return; // already recorded as the client's cancellation; nobody to answer
        }
        ApiException error = UpstreamErrors.toApi(failure, exchange.endpoint.providerName());
        exchange.status = error.code().status();
        exchange.errorCode = error.code().name().toLowerCase();
        exchange.errorMessage = UpstreamErrors.recorded(error, failure, exchange.generationId);
        exchange.upstreamStatusJson = attemptsJson(exchange, failure.upstreamStatus());
        finish(exchange);
        if (!ctx.response().closed() && !ctx.response().headWritten()) {
            ctx.fail(error);
        }
    }

    /** Exactly once per request that reached a provider: settle the reservation and queue the generation. */
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
        if (exchange.upstreamStatusJson == null) {
            exchange.upstreamStatusJson = attemptsJson(exchange, exchange.status);
        }
        recorder.record(exchange.toGeneration());
    }

    static Map<String, String> headers(HttpClientResponse response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
        return headers;
    }

    private static String attemptsJson(Exchange exchange, int status) {
        return attemptsJson(exchange.endpoint.providerName(), status, (System.nanoTime() - exchange.startNanos) / 1_000_000);
    }

    /** {@code provider_responses} of a generation: one attempt today; routing will add the others. */
    static String attemptsJson(String providerName, int status, long latencyMillis) {
        return "[{\"provider_name\":\"" + providerName.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"status\":" + status
                + ",\"latency\":" + latencyMillis + "}]";
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

    static HttpServerResponse sseHead(HttpServerResponse response, String generationId) {
        return response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Generation-Id", generationId);
    }

}
