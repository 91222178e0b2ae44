package dev.switchboard.web.models;

import dev.switchboard.web.errors.WebException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * "/models": the catalog this Switchboard serves, with prices per million tokens, context, providers and their
 * recent uptime and latency, searchable by text and provider in the URL; "/models/{author}/{slug}": one model and
 * its endpoints. Catalog data only: the same for every organization, nothing of the signed-in one's.
 */
@Path("/models")
public class ModelsPage {

    static final int MAX_QUERY = 200;

    @Inject
    CatalogRepository catalog;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance models(String q, String provider, String error, Map<String, String> providers,
                                              List<CatalogModel> models, int total);

        static native TemplateInstance model(CatalogModel model);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("q") String q, @QueryParam("provider") String provider) {
        String text = q == null || q.isBlank() ? null : q.strip();
        String only = provider == null || provider.isBlank() ? null : provider.strip();
        List<CatalogModel> all = catalog.models();
        Map<String, String> providers = catalog.providers(all);
        if (text != null && text.length() > MAX_QUERY) {
            return Response.status(400).entity(Templates.models(text, only == null ? "" : only,
                    "Search can be at most " + MAX_QUERY + " characters.", providers, List.of(), all.size())).build();
        }
        List<CatalogModel> shown = all.stream().filter(m -> m.matches(text, only)).toList();
        return Response.ok(Templates.models(text == null ? "" : text, only == null ? "" : only, null, providers, shown, all.size())).build();
    }

    @GET
    @Path("{author}/{slug}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance model(@PathParam("author") String author, @PathParam("slug") String slug) {
        return Templates.model(catalog.model(author + "/" + slug).orElseThrow(() -> WebException.notFound("Model")));
    }
}
