package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.api.AccountsException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * OpenRouter's key API ({@code /api/v1/keys}, which the gateway forwards here), authenticated by a management key in
 * {@code Authorization: Bearer sk-sb-v1-…} instead of a Keycloak token; statuses exactly as the official SDK expects
 * them (201 for a creation, 200 for everything else, {@code {"deleted": true}}).
 */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class OpenRouterKeyResource {

    @Inject
    OpenRouterKeyService service;

    @GET
    public OpenRouterKeyView.Many list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("include_disabled") @DefaultValue("false") String includeDisabled,
            @QueryParam("offset") @DefaultValue("0") String offset) {
        return service.list(authorization, flag(includeDisabled), offset(offset));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, OpenRouterCreateKeyRequest request) {
        return Response.status(Response.Status.CREATED).entity(service.create(authorization, request)).build();
    }

    @GET
    @Path("/{hash}")
    public OpenRouterKeyView.One get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("hash") String hash) {
        return service.get(authorization, hash);
    }

    @PATCH
    @Path("/{hash}")
    @Consumes(MediaType.APPLICATION_JSON)
    public OpenRouterKeyView.One update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("hash") String hash, OpenRouterUpdateKeyRequest request) {
        return service.update(authorization, hash, request);
    }

    @DELETE
    @Path("/{hash}")
    public OpenRouterKeyView.Deleted delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("hash") String hash) {
        return service.delete(authorization, hash);
    }

    private static boolean flag(String raw) {
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw AccountsException.badRequest("include_disabled", "must be true or false");
        };
    }

    private static int offset(String raw) {
        try {
            int offset = Integer.parseInt(raw);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AccountsException.badRequest("offset", "must be a whole number, 0 or more");
    }
}
