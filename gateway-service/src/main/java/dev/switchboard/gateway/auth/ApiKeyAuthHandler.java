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
 * Authenticates {@code Authorization: Bearer sk-sb-v1-…} against the key cache; puts the {@link Caller} on the
 * context. It runs before the body handler, so an unauthenticated request is refused without reading its body
 * (the error response reads at most a bounded part of it, see {@code ErrorResponder}).
 */
@Singleton
public class ApiKeyAuthHandler implements Handler<RoutingContext> {

    public static final String CALLER = "switchboard.caller";

    @Inject
    ApiKeyCache keys;

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.fail(new ApiException(ErrorCode.INVALID_API_KEY, "No API key: send the header 'Authorization: Bearer sk-sb-v1-…'."));
            return;
        }
        String secret = header.substring(7).trim();
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
