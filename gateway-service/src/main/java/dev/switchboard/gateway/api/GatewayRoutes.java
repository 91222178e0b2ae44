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

/**
 * The public API under {@code /api/v1}, on Vert.x routes: the inference path stays on the event loop end to
 * end. Every failure goes to the one {@link ErrorResponder}.
 */
@ApplicationScoped
public class GatewayRoutes {

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

        router.post("/api/v1/chat/completions").handler(body).handler(auth).handler(inference::chat);
        router.post("/api/v1/completions").handler(body).handler(auth).handler(inference::completions);
        // errors of /messages are in Anthropic's shape from the first handler on (body limit and auth included)
        router.post("/api/v1/messages").order(-5).handler(inference::messagesDialect);
        router.post("/api/v1/messages").handler(body).handler(auth).handler(inference::messages);
        router.post("/api/v1/embeddings").handler(body).handler(auth).handler(inference::embeddings);

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
