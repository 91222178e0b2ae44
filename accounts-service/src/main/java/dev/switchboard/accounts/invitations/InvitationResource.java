package dev.switchboard.accounts.invitations;

import dev.switchboard.accounts.tenancy.Tenancy;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

@Path("/organizations/{org}/invitations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {

    public record InvitationList(List<InvitationView> data) {
    }

    @Inject
    InvitationService service;
    @Inject
    InvitationMail mail;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(@PathParam("org") String org, InviteRequest request) {
        InvitationService.Issued issued = service.invite(Tenancy.pathId(org), request);
        // after the commit: a mail is never sent for an invitation that does not exist
        InvitationView invitation = issued.invitation();
        boolean sent = mail.send(invitation.email(), issued.organizationName(), invitation.role(), issued.acceptUrl());
        return Response.created(URI.create("/organizations/" + invitation.organizationId() + "/invitations/" + invitation.id()))
                .entity(CreatedInvitationView.of(invitation, issued.acceptUrl(), sent))
                .build();
    }

    @GET
    public InvitationList pending(@PathParam("org") String org) {
        return new InvitationList(service.pending(Tenancy.pathId(org)));
    }

    @DELETE
    @Path("/{id}")
    public Response revoke(@PathParam("org") String org, @PathParam("id") String id) {
        service.revoke(Tenancy.pathId(org), id);
        return Response.noContent().build();
    }
}
