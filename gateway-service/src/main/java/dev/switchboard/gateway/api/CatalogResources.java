package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.errors.ApiException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.api.info.JsonResponses;
import dev.switchboard.gateway.catalog.EndpointsView;
import dev.switchboard.gateway.catalog.ModelCatalog;
import dev.switchboard.gateway.catalog.ModelKind;
import dev.switchboard.gateway.catalog.ModelsListView;
import dev.switchboard.gateway.catalog.ModelsQuery;
import dev.switchboard.gateway.catalog.ProvidersView;
import dev.switchboard.gateway.routing.health.HealthTracker;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** The public catalog: {@code /models}, {@code /embeddings/models}, {@code /models/{author}/{slug}/endpoints}, {@code /providers}. */
@ApplicationScoped
public class CatalogResources {

    @Inject
    ModelCatalog catalog;
    @Inject
    ObjectMapper json;
    @Inject
    HealthTracker health;

    public void models(RoutingContext ctx) {
        list(ctx, ModelKind.CHAT);
    }

    public void embeddingModels(RoutingContext ctx) {
        list(ctx, ModelKind.EMBEDDING);
    }

    public void endpoints(RoutingContext ctx) {
        String id = ctx.pathParam("author") + "/" + ctx.pathParam("slug");
        catalog.model(id).map(model -> EndpointsView.from(model, health::figures)).ifPresentOrElse(view -> JsonResponses.ok(ctx, json, view),
                () -> ctx.fail(new ApiException(ErrorCode.MODEL_NOT_FOUND, "Model '" + id + "' is not available here.", Map.of("model", id))));
    }

    public void providers(RoutingContext ctx) {
        JsonResponses.ok(ctx, json, ProvidersView.from(catalog.enabledProviders()));
    }

    private void list(RoutingContext ctx, ModelKind kind) {
        ModelsQuery query = ModelsQuery.parse(ctx.request().getParam("offset"), ctx.request().getParam("limit"),
                ctx.request().getParam("supported_parameters"));
        JsonResponses.ok(ctx, json, ModelsListView.from(catalog.models(kind), query));
    }
}
