package dev.switchboard.accounts.organizations;

import dev.switchboard.accounts.tenancy.Tenancy;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

@Path("/organizations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    /** A list answer: {@code {"data": [...]}}, OpenRouter's shape for collections. */
    public record OrganizationList(List<OrganizationView> data) {
    }

    @Inject
    OrganizationService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateOrganizationRequest request) {
        OrganizationView created = service.create(request);
        return Response.created(URI.create("/organizations/" + created.id())).entity(created).build();
    }

    @GET
    public OrganizationList list() {
        return new OrganizationList(service.list());
    }

    @GET
    @Path("/{id}")
    public OrganizationView get(@PathParam("id") String id) {
        return service.get(Tenancy.pathId(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public OrganizationView rename(@PathParam("id") String id, RenameOrganizationRequest request) {
        return service.rename(Tenancy.pathId(id), request);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        service.delete(Tenancy.pathId(id));
        return Response.noContent().build();
    }
}
