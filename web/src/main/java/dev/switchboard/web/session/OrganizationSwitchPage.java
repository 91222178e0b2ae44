package dev.switchboard.web.session;

import dev.switchboard.web.errors.WebException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** The organization switcher in the header: remembers the choice after accounts confirmed the membership. */
@Path("/session/organization")
public class OrganizationSwitchPage {

    @Inject
    OrganizationChoice choice;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response choose(@FormParam("organization_id") String organizationId, @FormParam("return_to") String returnTo) {
        UUID id;
        try {
            id = UUID.fromString(organizationId == null ? "" : organizationId.strip());
        } catch (IllegalArgumentException e) {
            throw WebException.notFound("Organization");
        }
        choice.choose(id); // 404 unless the caller belongs to it
        return Response.seeOther(URI.create(LocalPath.orHome(returnTo))).build();
    }
}
