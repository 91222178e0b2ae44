package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.accounts.tenancy.Tenancy;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The dashboard's API keys of one organization (bearer token of a member); see docs/api-accounts.md. */
@Path("/organizations/{org}/keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    /** A list answer: {@code {"data": [...]}}. */
    public record ApiKeyList(List<ApiKeyView> data) {
    }

    @Inject
    ApiKeyService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("org") String org, CreateApiKeyRequest request) {
        UUID organizationId = Tenancy.pathId(org);
        CreatedApiKeyView created = service.create(organizationId, request);
        return Response.created(URI.create("/organizations/" + organizationId + "/keys/" + created.view().id()))
                .entity(created).build();
    }

    @GET
    public ApiKeyList list(@PathParam("org") String org, @QueryParam("include_disabled") @DefaultValue("true") String includeDisabled) {
        return new ApiKeyList(service.list(Tenancy.pathId(org), flag("include_disabled", includeDisabled)));
    }

    @GET
    @Path("/{id}")
    public ApiKeyView get(@PathParam("org") String org, @PathParam("id") String id) {
        return service.get(Tenancy.pathId(org), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ApiKeyView update(@PathParam("org") String org, @PathParam("id") String id, UpdateApiKeyRequest request) {
        return service.update(Tenancy.pathId(org), id, request);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("org") String org, @PathParam("id") String id) {
        service.delete(Tenancy.pathId(org), id);
        return Response.noContent().build();
    }

    /** A boolean query parameter, strictly: JAX-RS would read anything but "true" as false. */
    private static boolean flag(String name, String raw) {
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw AccountsException.badRequest(name, "must be true or false");
        };
    }
}
