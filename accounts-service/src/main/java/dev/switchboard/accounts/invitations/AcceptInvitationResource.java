package dev.switchboard.accounts.invitations;

import dev.switchboard.accounts.organizations.OrganizationView;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/invitations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AcceptInvitationResource {

    @Inject
    InvitationService service;

    /** 200 with the organization joined, as {@code GET /organizations/{id}} shows it. */
    @POST
    @Path("/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    public OrganizationView accept(AcceptInvitationRequest request) {
        return service.accept(request);
    }

    /** 200 with the organization and role the token would join, after the checks of accept; nothing changes. */
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public InvitationPreview preview(AcceptInvitationRequest request) {
        return service.preview(request);
    }
}
