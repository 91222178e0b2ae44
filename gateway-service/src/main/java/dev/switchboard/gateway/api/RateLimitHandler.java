package dev.switchboard.gateway.api;

import dev.switchboard.gateway.auth.ApiKeyAuthHandler;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.limits.Limit;
import dev.switchboard.gateway.limits.RateLimiter;
import dev.switchboard.gateway.limits.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admits an authenticated inference request under the caller's rate limits (before its body is read, like the key
 * check, so a refused request costs no upload), and tells the client where it stands on every answer, refusals
 * included:
 * <ul>
 * <li>{@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset} (OpenRouter's: the limit
 * the client meets first, requests before tokens; the reset as Unix milliseconds, when the limit is whole again);</li>
 * <li>OpenAI's {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} (reset as a duration, {@code 6m0s}),
 * which OpenAI clients and tools read;</li>
 * <li>on a 429, {@code Retry-After} in whole seconds and {@code retry-after-ms}, which the official OpenAI SDKs
 * honour before their own back-off.</li>
 * </ul>
 * No limit configured for the caller: no header and no I/O.
 */
@Singleton
public class RateLimitHandler implements Handler<RoutingContext> {

    @Inject
    RateLimiter limiter;

    @Override
    public void handle(RoutingContext ctx) {
        Future<Verdict> admission = limiter.admit(ApiKeyAuthHandler.caller(ctx));
        if (!admission.isComplete()) {
            ctx.request().pause(); // as authentication does: the body handler after this resumes the request
        }
        admission.onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            Verdict verdict = done.result();
            headers(ctx.response(), verdict, System.currentTimeMillis());
            if (verdict.allowed()) {
                ctx.next();
            } else {
                ctx.fail(refusal(verdict, ctx.response()));
            }
        });
    }

    static void headers(HttpServerResponse response, Verdict verdict, long nowMillis) {
        if (verdict.statuses().isEmpty()) {
            return;
        }
        Verdict.Status requests = verdict.tightest(Limit.Kind.REQUESTS);
        Verdict.Status tokens = verdict.tightest(Limit.Kind.TOKENS);
        Verdict.Status first = requests != null ? requests : tokens;
        response.putHeader("X-RateLimit-Limit", Long.toString(first.limit().perMinute()));
        response.putHeader("X-RateLimit-Remaining", Long.toString(first.remaining()));
        response.putHeader("X-RateLimit-Reset", Long.toString(nowMillis + ceilMillis(first.resetMicros())));
        for (Verdict.Status s : new Verdict.Status[]{requests, tokens}) {
            if (s != null) {
                String kind = s.limit().kind().label;
                response.putHeader("x-ratelimit-limit-" + kind, Long.toString(s.limit().perMinute()));
                response.putHeader("x-ratelimit-remaining-" + kind, Long.toString(s.remaining()));
                response.putHeader("x-ratelimit-reset-" + kind, duration(ceilMillis(s.resetMicros())));
            }
        }
    }

    private static ApiException refusal(Verdict verdict, HttpServerResponse response) {
        Verdict.Status refusing = verdict.refusing();
        Limit limit = refusing.limit();
        long retryMillis = Math.max(1, ceilMillis(refusing.retryMicros()));
        long retrySeconds = Math.max(1, (retryMillis + 999) / 1000);
        response.putHeader("retry-after-ms", Long.toString(retryMillis));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("limit", limit.name());
        metadata.put("limit_per_minute", limit.perMinute());
        metadata.put("retry_after_seconds", retrySeconds);
        metadata.put("retry_after_ms", retryMillis);
        String whose = limit.scope() == Limit.Scope.KEY ? "this API key" : "this organization";
        String message = limit.kind() == Limit.Kind.REQUESTS
                ? "Rate limit exceeded: " + whose + " may make " + limit.perMinute() + " requests per minute; retry in "
                        + retrySeconds + " s."
                : "Rate limit exceeded: " + whose + " may use " + limit.perMinute() + " tokens per minute and has used "
                        + "them; retry in " + retrySeconds + " s.";
        return new ApiException(ErrorCode.RATE_LIMITED, message, metadata);
    }

    private static long ceilMillis(long micros) {
        return (micros + 999) / 1000;
    }

    /** A duration the way OpenAI's headers write it (Go's): {@code 20ms}, {@code 1.5s}, {@code 6m0s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        long restMillis = millis % 60_000;
        String seconds = restMillis % 1000 == 0 ? Long.toString(restMillis / 1000)
                : String.format(java.util.Locale.ROOT, "%.3f", restMillis / 1000d).replaceAll("0+$", "");
        return minutes == 0 ? seconds + "s" : minutes + "m" + seconds + "s";
    }
}
