package dev.switchboard.accounts.members;

import dev.switchboard.accounts.tenancy.Tenancy;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

@Path("/organizations/{org}/members")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    public record MemberList(List<MemberView> data) {
    }

    @Inject
    MemberService service;

    @GET
    public MemberList list(@PathParam("org") String org) {
        return new MemberList(service.list(Tenancy.pathId(org)));
    }

    @PATCH
    @Path("/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MemberView changeRole(@PathParam("org") String org, @PathParam("userId") String userId, ChangeRoleRequest request) {
        return service.changeRole(Tenancy.pathId(org), userId, request);
    }

    @DELETE
    @Path("/{userId}")
    public Response remove(@PathParam("org") String org, @PathParam("userId") String userId) {
        service.remove(Tenancy.pathId(org), userId);
        return Response.noContent().build();
    }
}
