package dev.switchboard.gateway.api;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.database.DatabaseFailures;
import dev.switchboard.gateway.proxy.OutputDialect;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
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
        if ((!ctx.request().isEnded() || error.code() == ErrorCode.PAYLOAD_TOO_LARGE) && ctx.request().version() != HttpVersion.HTTP_2) {
            // refused before its body was read (bad key, too large): the rest of it may still be on its way; close once
            // answered rather than drain an upload we will not use (HTTP/1 only: HTTP/2 forbids the header, and
            // ending the response there ends just the stream)
            ctx.response().putHeader("Connection", "close").endHandler(v -> ctx.request().connection().close());
        }
        Object retryAfter = error.metadata().get("retry_after_seconds");
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
        }
        ctx.response().end(body);
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
