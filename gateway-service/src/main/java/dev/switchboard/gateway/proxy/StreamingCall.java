package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.sse.SseEvent;
import dev.switchboard.gateway.providers.sse.SseEventReader;
import dev.switchboard.gateway.routing.Candidate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One streamed response. The client's HTTP head is held back until output is ready, so a failure that comes first
 * is still a proper HTTP error; if the providers are slow, the head goes out after the processing interval and
 * {@code : OPENROUTER PROCESSING} comments keep the connection alive until the first token (never after it).
 *
 * <p>An attempt's frames are held back until its first content (text, reasoning or a tool call): a provider's
 * preamble (its role chunk, Anthropic's {@code message_start}) never reaches the client ahead of a failure, so an
 * attempt that fails before content (an error status, a 429 after a keep-alive comment, an in-stream error as the
 * first event, a dropped connection) goes back to the {@link AttemptRunner} for the next endpoint. Once content has
 * reached the client there is no other attempt: a later failure ends the stream with an error event. A client that
 * goes away cancels the provider call, and what was produced until then is billed.
 */
final class StreamingCall implements AttemptRunner.Leg {

    private static final Buffer PROCESSING = Buffer.buffer(": OPENROUTER PROCESSING\n\n");

    private final ChatProxy proxy;
    private final RoutingContext ctx;
    private final Exchange exchange;
    private final HttpServerResponse out;
    private final AttemptRunner runner;
    private long keepAliveTimer = -1;
    private boolean done;
    /** The current attempt's relay; null between attempts. */
    private Relay relay;

    StreamingCall(ChatProxy proxy, RoutingContext ctx, Exchange exchange) {
        this.proxy = proxy;
        this.ctx = ctx;
        this.exchange = exchange;
        this.out = ctx.response();
        this.runner = new AttemptRunner(proxy, exchange.plan, this);
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
        safe(runner::next);
    }

    @Override
    public void guard(Runnable step) {
        safe(step);
    }

    @Override
    public PreparedCall prepare(Candidate candidate, ProviderAdapter adapter) {
        return exchange.prepare(candidate, adapter);
    }

    @Override
    public void send(Attempt attempt) {
        exchange.startAttempt(attempt);
        // callbacks talk to this attempt's relay: a late event of an earlier attempt must not touch a later one
        Relay relay = new Relay(attempt);
        this.relay = relay;
        proxy.http().send(attempt.endpoint().toTarget(), attempt.call, attempt.timeout).onComplete(sent -> safe(() -> {
            if (sent.failed()) {
                relay.failed(UpstreamErrors.asProviderException(sent.cause()));
                return;
            }
            attempt.upstream = sent.result();
            if (done) {
                attempt.cancel();
                return;
            }
            attempt.upstream.response().onComplete(head -> safe(() -> {
                if (head.failed()) {
                    relay.failed(UpstreamErrors.asProviderException(head.cause()));
                } else if (head.result().statusCode() >= 300) {
                    HttpClientResponse response = head.result();
                    response.body().onComplete(body -> safe(() -> relay.failed(attempt.adapter.readError(response.statusCode(),
                            ChatProxy.headers(response), body.succeeded() ? body.result().getBytes() : new byte[0]))));
                } else {
                    relay.start(head.result());
                }
            }));
        }));
    }

    /** Nothing served: a plain HTTP error while the head is not out, else an error event that ends the stream. */
    @Override
    public void giveUp(ApiException error, ProviderException failure) {
        if (done) {
            return;
        }
        done = true;
        stopKeepAlive();
        if (!out.headWritten()) {
            proxy.failBeforeOutput(ctx, exchange, error, failure);
            return;
        }
        ChatProxy.recordFailure(exchange, error, failure);
        exchange.finishReason = FinishReason.ERROR;
        proxy.finish(exchange);
        if (!out.closed()) {
            StreamRenderer renderer = exchange.dialect.stream(exchange.generationId, exchange.createdAt.getEpochSecond(),
                    exchange.endpoint.modelId(), exchange.endpoint.providerName(), exchange.promptTokens);
            out.end(renderer.error(error, exchange.meta()));
        }
    }

    /** One attempt's stream: parsed, rendered for the client, held back until its first content. */
    private final class Relay {
        private final Attempt attempt;
        private final StreamRenderer renderer;
        private Buffer pending = Buffer.buffer();
        private ChatStreamParser parser;
        private HttpClientResponse response;
        /** Whether this attempt's content has reached the client: from then on there is no other attempt. */
        private boolean committed;
        private boolean over;
        /** Fails the attempt when its head came but no content within its timeout (a provider stuck on pings). */
        private long contentTimer = -1;

        Relay(Attempt attempt) {
            this.attempt = attempt;
            this.renderer = exchange.dialect.stream(exchange.generationId, exchange.createdAt.getEpochSecond(),
                    attempt.endpoint().modelId(), attempt.endpoint().providerName(), exchange.promptTokens);
        }

        void start(HttpClientResponse upstream) {
            this.response = upstream;
            long left = Math.max(1, attempt.timeout.toMillis() - attempt.elapsedMillis());
            contentTimer = proxy.vertx().setTimer(left, id -> safe(() -> {
                contentTimer = -1;
                if (!committed && !over && !done) {
                    failed(new ProviderException(ProviderException.Kind.TIMEOUT, 0, "timeout", attempt.endpoint().providerName()
                            + " sent no content within " + attempt.timeout.toSeconds() + " s", null));
                }
            }));
            parser = attempt.adapter.openChatStream();
            SseEventReader reader = new SseEventReader();
            upstream.handler(bytes -> safe(() -> {
                if (over || done) {
                    return;
                }
                try {
                    for (SseEvent event : reader.feed(bytes.getBytes())) {
                        emit(parser.onEvent(event));
                    }
                } catch (ProviderException e) {
                    failed(e);
                    attempt.cancel();
                    return;
                }
                flush();
                if (out.writeQueueFull()) {
                    upstream.pause();
                    out.drainHandler(v -> upstream.resume());
                }
            }));
            upstream.exceptionHandler(e -> safe(() -> failed(UpstreamErrors.asProviderException(e))));
            upstream.endHandler(v -> safe(() -> {
                if (over || done) {
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
                over = true;
                serve();
                done = true;
                stopKeepAlive();
                ensureHead();
                if (attempt.report()) {
                    long first = exchange.firstTokenNanos == null ? System.nanoTime() : exchange.firstTokenNanos;
                    attempt.permit.succeeded((first - attempt.startNanos) / 1_000_000, (System.nanoTime() - first) / 1_000_000,
                            exchange.bill().usage().completionTokens());
                }
                proxy.finish(exchange);
                out.end(takePending().appendBuffer(renderer.end(exchange.meta())));
            }));
        }

        private void emit(List<ChatChunk> chunks) {
            for (ChatChunk chunk : chunks) {
                boolean content = false;
                switch (chunk) {
                    case ChatChunk.Start s -> exchange.upstreamId = s.upstreamId();
                    case ChatChunk.TextDelta t -> {
                        exchange.produced.append(t.text());
                        content = true;
                    }
                    case ChatChunk.ReasoningDelta r -> {
                        exchange.produced.append(r.text());
                        content = true;
                    }
                    case ChatChunk.ToolCallDelta d -> {
                        exchange.produced.append(d.argumentsDelta() == null ? "" : d.argumentsDelta());
                        content = true;
                    }
                    // output the client is given (a signature, redacted reasoning), though no text to count
                    case ChatChunk.ReasoningDetail ignored -> content = true;
                    case ChatChunk.Finish f -> {
                        exchange.finishReason = f.reason();
                        exchange.nativeFinishReason = f.nativeReason();
                    }
                    case ChatChunk.UsageReport u -> exchange.reportedUsage = u.usage();
                }
                if (content && exchange.firstTokenNanos == null) {
                    exchange.firstTokenNanos = System.nanoTime();
                }
                Buffer bytes = renderer.chunk(chunk);
                if (bytes.length() > 0) {
                    pending.appendBuffer(bytes);
                }
                if (content) {
                    serve();
                }
            }
        }

        /** The first content is here: this attempt serves the request, and what was held back may go out. */
        private void serve() {
            cancelContentTimer();
            if (!committed) {
                committed = true;
                runner.serving(attempt);
                stopKeepAlive(); // no comment line after the first data line
            }
        }

        /**
         * Once this attempt serves: what the provider's last piece of body produced goes out in one write, not one per
         * event. A write is a system call (and on loopback the receiver's work too): a burst of events that came in one
         * read leaves in one, as a reverse proxy would pass it on, and a token that came alone still leaves at once.
         */
        private void flush() {
            if (committed && pending.length() > 0 && !out.closed()) {
                ensureHead();
                out.write(takePending());
            }
        }

        private Buffer takePending() {
            Buffer taken = pending;
            pending = Buffer.buffer();
            return taken;
        }

        /** The attempt failed: before content, back to the runner; after it, an error event ends the stream. */
        void failed(ProviderException failure) {
            if (over || done) {
                return;
            }
            over = true;
            cancelContentTimer();
            if (!committed) {
                if (response != null) {
                    attempt.cancel();
                }
                runner.failed(attempt, failure);
                return;
            }
            done = true;
            stopKeepAlive();
            if (attempt.report()) {
                attempt.permit.failed(failure);
            }
            ApiException error = UpstreamErrors.toApi(failure, attempt.endpoint().providerName());
            exchange.partialUsage = parser == null ? null : parser.usageSoFar();
            ChatProxy.recordFailure(exchange, error, failure);
            exchange.finishReason = FinishReason.ERROR;
            proxy.finish(exchange);
            if (!out.closed()) {
                // content of the same piece of body that came before the failure goes out first
                ensureHead();
                out.end(takePending().appendBuffer(renderer.error(error, exchange.meta())));
            }
        }

        private void cancelContentTimer() {
            if (contentTimer >= 0) {
                proxy.vertx().cancelTimer(contentTimer);
                contentTimer = -1;
            }
        }

        ChatStreamParser parser() {
            return parser;
        }
    }

    /** A bug while relaying ends this stream (logged, reservation settled) instead of leaving it hanging. */
    private void safe(Runnable step) {
        proxy.guarded(ctx, exchange, () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                done = true;
                stopKeepAlive();
                runner.cancel();
                throw e;
            }
        });
    }

    private void clientGone() {
        if (done) {
            return;
        }
        done = true;
        stopKeepAlive();
        exchange.clientGone();
        exchange.partialUsage = relay == null || relay.parser() == null ? null : relay.parser().usageSoFar();
        runner.cancel();
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
