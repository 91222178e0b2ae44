package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.database.DatabaseFailures;
import dev.switchboard.gateway.proxy.OutputDialect;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The gateway's one error mapper: every failure of an {@code /api/v1} route ends here and is answered in the
 * OpenRouter envelope {@code {"error":{"code","message","metadata"}}} (or the Anthropic shape on
 * {@code /messages}), with HTTP status = code. Unexpected exceptions are logged and answered as 500
 * without internals.
 */
@Singleton
public class ErrorResponder implements Handler<RoutingContext> {

    public static final String DIALECT = "switchboard.dialect";
    private static final Logger LOG = Logger.getLogger(ErrorResponder.class);

    private static final long OUTAGE_LOG_INTERVAL_NANOS = 1_000_000_000L;
    /** How much of an unread body is read and thrown away after an early error, at most, so the client sees the answer. */
    private static final long LINGER_BYTES = 4L << 20;
    private static final long LINGER_MILLIS = 2_000;
    private final AtomicLong lastOutageLog = new AtomicLong(System.nanoTime() - OUTAGE_LOG_INTERVAL_NANOS);
    private final AtomicLong outageAnswers = new AtomicLong();

    @Inject
    GatewayConfig config;

    @Override
    public void handle(RoutingContext ctx) {
        ApiException error = toApiException(ctx);
        if (ctx.response().headWritten()) {
            if (!ctx.response().ended()) {
                ctx.response().end();
            }
            return;
        }
        OutputDialect dialect = ctx.get(DIALECT);
        Buffer body = dialect != null ? dialect.errorBody(error) : envelope(error);
        ctx.response().setStatusCode(error.code().status()).putHeader("Content-Type", "application/json");
        if (!ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2) {
            unreadBody(ctx); // HTTP/1 only: on HTTP/2 ending the response ends just the stream
        }
        Object retryAfter = error.metadata().get("retry_after_seconds");
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
        }
        ctx.response().end(body);
    }

    /**
     * A request refused before its body was read (a bad key, a body over the limit). Reading the body in full would
     * let anyone make the gateway swallow uploads it will not use; closing at once would make a client that is still
     * writing see a reset instead of the answer (and SDKs retry a reset). So, like nginx's lingering close: what the
     * client sends is read and thrown away for at most {@link #LINGER_MILLIS} and {@link #LINGER_BYTES}, then the
     * connection is closed if the client is still sending. A body announced larger than {@link #LINGER_BYTES} is
     * answered with {@code Connection: close} as well; it is not closed the moment the answer is out either, since
     * body bytes that arrived unread would make the kernel answer the close with a reset, and a client still reading
     * would lose the answer to it (seen on this machine's loopback, more often with the epoll transport).
     */
    private static void unreadBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpConnection connection = request.connection();
        if (ContentLength.announced(request) > LINGER_BYTES) {
            ctx.response().putHeader("Connection", "close");
        }
        long[] discarded = {0};
        long timer = ctx.vertx().setTimer(LINGER_MILLIS, t -> connection.close());
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > LINGER_BYTES) {
                ctx.vertx().cancelTimer(timer);
                connection.close();
            }
        });
        request.endHandler(v -> ctx.vertx().cancelTimer(timer));
        request.resume(); // authentication pauses a request while it looks a key up
    }

    /** The OpenRouter error envelope. */
    public Buffer envelope(ApiException error) {
        return Buffer.buffer(ErrorBody.json(error));
    }

    private ApiException toApiException(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure == null) {
            return switch (ctx.statusCode()) {
                case 413 -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                        "The request body is over the gateway's limit of " + config.maxBodyBytes() + " bytes.");
                case 404 -> new ApiException(ErrorCode.NOT_FOUND, "No such endpoint: " + ctx.request().method() + " " + ctx.request().path());
                case 405 -> new ApiException(ErrorCode.BAD_REQUEST, "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path());
                case 400 -> new ApiException(ErrorCode.BAD_REQUEST, "Bad request.");
                default -> new ApiException(ErrorCode.INTERNAL, "Internal error.");
            };
        }
        if (DatabaseFailures.unavailable(failure)) {
            // an outage answers thousands of requests: one log line a second, no stack traces
            long now = System.nanoTime();
            long last = lastOutageLog.get();
            long suppressed = outageAnswers.incrementAndGet();
            LOG.debugf(failure, "database unavailable on %s %s", ctx.request().method(), ctx.request().path());
            if (now - last > OUTAGE_LOG_INTERVAL_NANOS && lastOutageLog.compareAndSet(last, now)) {
                outageAnswers.addAndGet(-suppressed);
                LOG.warnf("database unavailable: %d requests answered 503 since the last report (%s)", suppressed, failure);
            }
            return ApiException.unavailable("The gateway's database is unavailable; retry in a few seconds.");
        }
        LOG.errorf(failure, "unexpected failure on %s %s", ctx.request().method(), ctx.request().path());
        return new ApiException(ErrorCode.INTERNAL, "Internal error; the gateway logged it.");
    }
}
