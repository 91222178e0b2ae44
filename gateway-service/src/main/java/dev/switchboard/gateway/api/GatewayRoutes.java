package dev.switchboard.gateway.api;

import dev.switchboard.gateway.api.info.CreditsResource;
import dev.switchboard.gateway.api.info.GenerationResource;
import dev.switchboard.gateway.api.info.KeyResource;
import dev.switchboard.gateway.auth.ApiKeyAuthHandler;
import dev.switchboard.gateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
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

    private static final List<String> INFERENCE = List.of("/api/v1/chat/completions", "/api/v1/completions", "/api/v1/messages",
            "/api/v1/embeddings");

    @Inject
    GatewayConfig config;
    @Inject
    ErrorResponder errors;
    @Inject
    ApiKeyAuthHandler auth;
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

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        router.route("/api/v1/*").order(-10).failureHandler(errors);

        // errors of /messages are in Anthropic's shape from the first handler on (auth and body limit included)
        router.post("/api/v1/messages").order(-5).handler(inference::messagesDialect);
        // the key is checked before the body is read, so an unauthenticated request costs no upload; Vert.x wants
        // a route's body handler before its other handlers, so authentication is a route of its own, ahead
        for (String path : INFERENCE) {
            router.post(path).order(-1).handler(auth);
        }
        router.post("/api/v1/chat/completions").handler(body).handler(inference::chat);
        router.post("/api/v1/completions").handler(body).handler(inference::completions);
        router.post("/api/v1/messages").handler(body).handler(inference::messages);
        router.post("/api/v1/embeddings").handler(body).handler(inference::embeddings);

        router.get("/api/v1/models").handler(catalog::models);
        router.get("/api/v1/embeddings/models").handler(catalog::embeddingModels);
        router.get("/api/v1/models/:author/:slug/endpoints").handler(catalog::endpoints);
        router.get("/api/v1/providers").handler(catalog::providers);

        router.get("/api/v1/key").handler(auth).handler(key::handle);
        router.get("/api/v1/credits").handler(auth).handler(credits::handle);
        router.get("/api/v1/generation").handler(auth).handler(generation::handle);

        router.route("/api/v1/*").order(10_000).handler(ctx -> ctx.fail(404));
    }
}
