package dev.switchboard.gateway.api;

import dev.switchboard.gateway.api.info.CreditsResource;
import dev.switchboard.gateway.api.info.GenerationResource;
import dev.switchboard.gateway.api.info.KeyResource;
import dev.switchboard.gateway.api.forward.ServiceForwarder;
import dev.switchboard.gateway.auth.ApiKeyAuthHandler;
import dev.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The public API under {@code /api/v1}, on Vert.x routes: the inference path stays on the event loop end to
 * end. Every failure goes to the one {@link ErrorResponder}.
 */
@ApplicationScoped
public class GatewayRoutes {

    /** A key API or activity API request is a few hundred bytes. */
    private static final long FORWARDED_BODY_LIMIT = 64 * 1024;
    private static final List<String> INFERENCE = List.of("/api/v1/chat/completions", "/api/v1/completions", "/api/v1/messages",
            "/api/v1/responses", "/api/v1/embeddings");

    @Inject
    GatewayConfig config;
    @Inject
    ErrorResponder errors;
    @Inject
    ApiKeyAuthHandler auth;
    @Inject
    RateLimitHandler rateLimits;
    @Inject
    InferenceResources inference;
    @Inject
    CatalogResources catalog;
    @Inject
    KeyResource key;
    @Inject
    CreditsResource credits;
    @Inject
    GenerationResource generation;
    @Inject
    Vertx vertx;

    /**
     * Before Quarkus's own body-size check (order -2, {@code quarkus.http.limits.max-body-size}, which
     * application.properties keeps at our limit): it answers a Content-Length over it with an empty 413; ours answers
     * first, in the route's error shape.
     */
    private static final int ORDER_CONTENT_LENGTH = -3;

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        router.route("/api/v1/*").order(-10).failureHandler(errors);
        // after /messages has chosen its error shape (order -5), before anything reads the body
        router.route("/api/v1/*").order(ORDER_CONTENT_LENGTH).handler(this::contentLength);

        // errors of /messages are in Anthropic's shape from the first handler on (auth and body limit included)
        router.post("/api/v1/messages").order(-5).handler(inference::messagesDialect);
        // the key is checked before the body is read, so an unauthenticated request costs no upload; Vert.x wants
        // a route's body handler before its other handlers, so authentication is a route of its own, ahead; so are
        // the rate limits, after it
        for (String path : INFERENCE) {
            router.post(path).order(-1).handler(path.equals("/api/v1/messages") ? auth.withAnthropicKeyHeader() : auth)
                    .handler(rateLimits);
        }
        router.post("/api/v1/chat/completions").handler(body).handler(inference::chat);
        router.post("/api/v1/completions").handler(body).handler(inference::completions);
        router.post("/api/v1/messages").handler(body).handler(inference::messages);
        router.post("/api/v1/responses").handler(body).handler(inference::responses);
        router.post("/api/v1/embeddings").handler(body).handler(inference::embeddings);

        router.get("/api/v1/models").handler(catalog::models);
        router.get("/api/v1/embeddings/models").handler(catalog::embeddingModels);
        router.get("/api/v1/models/:author/:slug/endpoints").handler(catalog::endpoints);
        router.get("/api/v1/providers").handler(catalog::providers);

        router.get("/api/v1/key").handler(auth).handler(key::handle);
        router.get("/api/v1/credits").handler(auth).handler(credits::handle);
        router.get("/api/v1/generation").handler(auth).handler(generation::handle);

        // OpenRouter's APIs that other services own and answer; the gateway is only their public address:
        // the key API (accounts-service owns keys), the activity API (billing-service owns the reports)
        BodyHandler small = BodyHandler.create(false).setBodyLimit(FORWARDED_BODY_LIMIT);
        ServiceForwarder accounts = forwarder("key API", config.accountsUrl(),
                "Key management is unavailable right now; retry in a few seconds.");
        router.route("/api/v1/keys").handler(small).handler(accounts);
        router.route("/api/v1/keys/*").handler(small).handler(accounts);
        ServiceForwarder billing = forwarder("activity API", config.billingUrl(),
                "Activity is unavailable right now; retry in a few seconds.");
        router.route("/api/v1/activity").handler(small).handler(billing);

        router.route("/api/v1/*").order(10_000).handler(ctx -> ctx.fail(404));
    }

    private ServiceForwarder forwarder(String what, String url, String unavailable) {
        return new ServiceForwarder(vertx, what, url, config.upstream().connectTimeout(), config.upstream().firstByteTimeout(), unavailable);
    }

    /**
     * A body announced over {@code switchboard.gateway.max-body-bytes} is refused before any of it is read. A chunked
     * body has no length to announce: the BodyHandler counts it as it arrives and fails with the same 413.
     */
    private void contentLength(RoutingContext ctx) {
        if (ContentLength.announced(ctx.request()) > config.maxBodyBytes()) {
            ctx.fail(413);
            return;
        }
        ctx.next();
    }
}
