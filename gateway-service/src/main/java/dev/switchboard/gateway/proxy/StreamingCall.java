package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.http.ProviderHttp;
import dev.switchboard.gateway.providers.sse.SseEvent;
import dev.switchboard.gateway.providers.sse.SseEventReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One streamed response. The client's HTTP head is held back until the provider answers, so a provider
 * error that comes first is still a proper HTTP error; if the provider is slow, the head goes out after
 * the processing interval and {@code : OPENROUTER PROCESSING} comments keep the connection alive until
 * the first token (never after it). Output reaching the client ends any chance of another attempt:
 * later failures end the stream with an error event. A client that goes away cancels the provider call,
 * and what was produced until then is billed.
 */
final class StreamingCall {

    private static final Buffer PROCESSING = Buffer.buffer(": OPENROUTER PROCESSING\n\n");

    private final ChatProxy proxy;
    private final RoutingContext ctx;
    private final Exchange exchange;
    private final ProviderAdapter adapter;
    private final PreparedCall call;
    private final HttpServerResponse out;
    private final StreamRenderer renderer;
    private ProviderHttp.Call upstream;
    private ChatStreamParser parser;
    private long keepAliveTimer = -1;
    private boolean done;

    StreamingCall(ChatProxy proxy, RoutingContext ctx, Exchange exchange, ProviderAdapter adapter, PreparedCall call) {
        this.proxy = proxy;
        this.ctx = ctx;
        this.exchange = exchange;
        this.adapter = adapter;
        this.call = call;
        this.out = ctx.response();
        this.renderer = exchange.dialect.stream(exchange.generationId, exchange.createdAt.getEpochSecond(),
                exchange.endpoint.modelId(), exchange.endpoint.providerName());
    }

    void start() {
        long interval = proxy.config().processingCommentInterval().toMillis();
        keepAliveTimer = proxy.vertx().setPeriodic(interval, interval, id -> {
            if (done || out.closed()) {
                return;
            }
            ensureHead();
            out.write(PROCESSING);
        });
        out.closeHandler(v -> clientGone());
        proxy.http().send(exchange.endpoint.toTarget(), call).onComplete(sent -> {
            if (sent.failed()) {
                failed(UpstreamErrors.asProviderException(sent.cause()));
                return;
            }
            upstream = sent.result();
            if (done) {
                upstream.cancel();
                return;
            }
            upstream.response().onComplete(head -> {
                if (head.failed()) {
                    failed(UpstreamErrors.asProviderException(head.cause()));
                } else if (head.result().statusCode() >= 300) {
                    HttpClientResponse response = head.result();
                    response.body().onComplete(body -> failed(adapter.readError(response.statusCode(), ChatProxy.headers(response),
                            body.succeeded() ? body.result().getBytes() : new byte[0])));
                } else {
                    relay(head.result());
                }
            });
        });
    }

    private void relay(HttpClientResponse response) {
        parser = adapter.openChatStream();
        SseEventReader reader = new SseEventReader();
        response.handler(bytes -> safe(() -> {
            if (done) {
                return;
            }
            try {
                for (SseEvent event : reader.feed(bytes.getBytes())) {
                    emit(parser.onEvent(event));
                }
            } catch (ProviderException e) {
                failed(e);
                upstream.cancel();
                return;
            }
            if (out.writeQueueFull()) {
                response.pause();
                out.drainHandler(v -> response.resume());
            }
        }));
        response.exceptionHandler(e -> failed(UpstreamErrors.asProviderException(e)));
        response.endHandler(v -> safe(() -> {
            if (done) {
                return;
            }
            try {
                for (SseEvent event : reader.finish()) {
                    emit(parser.onEvent(event));
                }
                emit(parser.onEnd());
            } catch (ProviderException e) {
                failed(e);
                return;
            }
            done = true;
            stopKeepAlive();
            ensureHead();
            proxy.finish(exchange);
            out.end(renderer.end(exchange.meta()));
        }));
    }

    /** A bug while relaying ends this stream (logged, reservation settled) instead of leaving it hanging. */
    private void safe(Runnable step) {
        proxy.guarded(ctx, exchange, () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                done = true;
                stopKeepAlive();
                if (upstream != null) {
                    upstream.cancel();
                }
                throw e;
            }
        });
    }

    private void emit(List<ChatChunk> chunks) {
        for (ChatChunk chunk : chunks) {
            switch (chunk) {
                case ChatChunk.Start s -> exchange.upstreamId = s.upstreamId();
                case ChatChunk.TextDelta t -> firstOutput().produced.append(t.text());
                case ChatChunk.ReasoningDelta r -> firstOutput().produced.append(r.text());
                case ChatChunk.ToolCallDelta d -> firstOutput().produced.append(d.argumentsDelta() == null ? "" : d.argumentsDelta());
                case ChatChunk.Finish f -> {
                    exchange.finishReason = f.reason();
                    exchange.nativeFinishReason = f.nativeReason();
                }
                case ChatChunk.UsageReport u -> exchange.reportedUsage = u.usage();
            }
            Buffer bytes = renderer.chunk(chunk);
            if (bytes.length() > 0 && !out.closed()) {
                ensureHead();
                stopKeepAlive(); // no comment line after the first data line
                out.write(bytes);
            }
        }
    }

    private Exchange firstOutput() {
        if (exchange.firstTokenNanos == null) {
            exchange.firstTokenNanos = System.nanoTime();
            stopKeepAlive();
        }
        return exchange;
    }

    /** The provider failed: before the head went out it is a plain HTTP error, after it an error event ends the stream. */
    private void failed(ProviderException failure) {
        if (done) {
            return;
        }
        done = true;
        stopKeepAlive();
        if (!out.headWritten()) {
            proxy.failBeforeOutput(ctx, exchange, failure);
            return;
        }
        ApiException error = UpstreamErrors.toApi(failure, exchange.endpoint.providerName());
        exchange.partialUsage = parser == null ? null : parser.usageSoFar();
        exchange.status = error.code().status();
        exchange.errorCode = error.code().name().toLowerCase();
        exchange.errorMessage = UpstreamErrors.recorded(error, failure, exchange.generationId);
        exchange.finishReason = FinishReason.ERROR;
        proxy.finish(exchange);
        if (!out.closed()) {
            out.end(renderer.error(error, exchange.meta()));
        }
    }

    private void clientGone() {
        if (done) {
            return;
        }
        done = true;
        stopKeepAlive();
        exchange.clientGone();
        exchange.partialUsage = parser == null ? null : parser.usageSoFar();
        if (upstream != null) {
            upstream.cancel();
        }
        proxy.finish(exchange);
    }

    private void ensureHead() {
        if (!out.headWritten() && !out.closed()) {
            ChatProxy.sseHead(out, exchange.generationId);
        }
    }

    private void stopKeepAlive() {
        if (keepAliveTimer >= 0) {
            proxy.vertx().cancelTimer(keepAliveTimer);
            keepAliveTimer = -1;
        }
    }
}
