package dev.switchboard.gateway.auth;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.shared.keys.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer sk-sb-v1-…} (on {@code /messages} also Anthropic's {@code x-api-key})
 * against the key cache; puts the {@link Caller} on the context. It runs before the body handler, so an
 * unauthenticated request is refused without reading its body (the error response reads at most a bounded part of
 * it, see {@code ErrorResponder}).
 */
@Singleton
public class ApiKeyAuthHandler implements Handler<RoutingContext> {

    public static final String CALLER = "switchboard.caller";

    @Inject
    ApiKeyCache keys;

    /**
     * For {@code /messages}: Anthropic's own key header, {@code x-api-key}, is taken as well as Bearer (the Anthropic
     * SDKs and tools configured with {@code ANTHROPIC_API_KEY} send it). One key, the same rules; two headers holding
     * different keys are refused rather than one of them picked.
     */
    public Handler<RoutingContext> withAnthropicKeyHeader() {
        return ctx -> authenticate(ctx, true);
    }

    @Override
    public void handle(RoutingContext ctx) {
        authenticate(ctx, false);
    }

    private void authenticate(RoutingContext ctx, boolean anthropicKeyHeader) {
        String header = ctx.request().getHeader("Authorization");
        String bearer = header != null && header.length() >= 8 && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : null;
        String xApiKey = anthropicKeyHeader ? ctx.request().getHeader("x-api-key") : null;
        String secret = bearer;
        if (xApiKey != null) {
            xApiKey = xApiKey.trim();
            if (bearer != null && !bearer.equals(xApiKey)) {
                ctx.fail(new ApiException(ErrorCode.INVALID_API_KEY,
                        "Two different API keys: the 'Authorization: Bearer' and 'x-api-key' headers disagree; send one key."));
                return;
            }
            secret = xApiKey;
        }
        if (secret == null) {
            ctx.fail(new ApiException(ErrorCode.INVALID_API_KEY, anthropicKeyHeader
                    ? "No API key: send the header 'x-api-key: sk-sb-v1-…' or 'Authorization: Bearer sk-sb-v1-…'."
                    : "No API key: send the header 'Authorization: Bearer sk-sb-v1-…'."));
            return;
        }
        if (!ApiKeys.hasValidShape(secret)) {
            ctx.fail(new ApiException(ErrorCode.INVALID_API_KEY, "Invalid API key: Switchboard keys look like sk-sb-v1- followed by 64 hex characters."));
            return;
        }
        Future<Optional<Caller>> lookup = keys.lookup(ApiKeys.hash(secret));
        if (!lookup.isComplete()) {
            // authentication runs before the body is read (a bad key must not cost a 10 MB upload); hold the
            // body back while the database answers, the body handler after this one resumes it
            ctx.request().pause();
        }
        lookup.onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
            } else if (found.result().isEmpty()) {
                ctx.fail(new ApiException(ErrorCode.INVALID_API_KEY, "Invalid API key: it is unknown, disabled, deleted or expired."));
            } else {
                ctx.put(CALLER, found.result().get());
                ctx.next();
            }
        });
    }

    public static Caller caller(RoutingContext ctx) {
        return ctx.get(CALLER);
    }
}
