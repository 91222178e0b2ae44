package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.routing.Candidate;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * One non-streamed chat request: each attempt's answer is read whole; a failed one (error status, connection
 * failure, timeout, unreadable body) goes back to the {@link AttemptRunner}, which may try the next endpoint, and the
 * first good answer is the response. A client that goes away cancels the provider call and is recorded as a
 * stream's would be ({@link StreamingCall}).
 */
final class WholeCall implements AttemptRunner.Leg {

    private final ChatProxy proxy;
    private final RoutingContext ctx;
    private final Exchange exchange;
    private final AttemptRunner runner;

    WholeCall(ChatProxy proxy, RoutingContext ctx, Exchange exchange) {
        this.proxy = proxy;
        this.ctx = ctx;
        this.exchange = exchange;
        this.runner = new AttemptRunner(proxy, exchange.plan, this);
    }

    void start() {
        ctx.response().closeHandler(v -> {
            if (!ctx.response().ended() && !exchange.finished) {
                exchange.clientGone();
                runner.cancel();
                proxy.finish(exchange);
            }
        });
        step(runner::next);
    }

    @Override
    public PreparedCall prepare(Candidate candidate, ProviderAdapter adapter) {
        return exchange.prepare(candidate, adapter);
    }

    @Override
    public void send(Attempt attempt) {
        exchange.startAttempt(attempt);
        proxy.http().send(attempt.endpoint().toTarget(), attempt.call, attempt.timeout).onComplete(sent -> step(() -> {
            if (exchange.cancelled) {
                if (sent.succeeded()) {
                    sent.result().cancel();
                }
                return;
            }
            if (sent.failed()) {
                runner.failed(attempt, UpstreamErrors.asProviderException(sent.cause()));
                return;
            }
            attempt.upstream = sent.result();
            attempt.upstream.response().onComplete(head -> step(() -> {
                if (exchange.cancelled) {
                    return; // the failure our own cancel caused, or an answer nobody waits for
                }
                if (head.failed()) {
                    runner.failed(attempt, UpstreamErrors.asProviderException(head.cause()));
                    return;
                }
                HttpClientResponse response = head.result();
                response.body().onComplete(body -> step(() -> {
                    if (exchange.cancelled) {
                        return;
                    }
                    if (body.failed()) {
                        runner.failed(attempt, UpstreamErrors.asProviderException(body.cause()));
                        return;
                    }
                    byte[] bytes = body.result().getBytes();
                    if (response.statusCode() >= 300) {
                        runner.failed(attempt, attempt.adapter.readError(response.statusCode(), ChatProxy.headers(response), bytes));
                        return;
                    }
                    ChatResponse answer;
                    try {
                        answer = attempt.adapter.readChatResponse(bytes);
                    } catch (ProviderException e) {
                        runner.failed(attempt, e);
                        return;
                    }
                    answered(attempt, answer);
                }));
            }));
        }));
    }

    private void answered(Attempt attempt, ChatResponse answer) {
        runner.serving(attempt);
        exchange.firstTokenNanos = System.nanoTime();
        exchange.upstreamId = answer.upstreamId();
        exchange.reportedUsage = answer.usage();
        exchange.finishReason = answer.finishReason();
        exchange.nativeFinishReason = answer.nativeFinishReason();
        exchange.produced.append(answer.text());
        answer.toolUses().forEach(t -> exchange.produced.append(t.argumentsJson()));
        if (attempt.report()) {
            attempt.permit.succeeded(attempt.elapsedMillis(), 0, exchange.bill().usage().completionTokens());
        }
        // queued before the client can read the answer: a GET /generation right after finds it
        proxy.finish(exchange);
        if (!ctx.response().closed()) {
            ctx.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Generation-Id", exchange.generationId)
                    .end(exchange.dialect.body(answer, exchange.meta()));
        }
    }

    @Override
    public void giveUp(ApiException error, ProviderException failure) {
        proxy.failBeforeOutput(ctx, exchange, error, failure);
    }

    @Override
    public void guard(Runnable step) {
        step(step);
    }

    /** A bug in a step ends the request (answered 500, settled) and the attempt in flight with it. */
    private void step(Runnable step) {
        proxy.guarded(ctx, exchange, () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                runner.cancel();
                throw e;
            }
        });
    }
}
