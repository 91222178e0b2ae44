package dev.switchboard.accounts.users;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /** Names the organization a client acts for; without it, the caller's personal organization. */
    public static final String ORGANIZATION_HEADER = "X-Organization-Id";

    @Inject
    MeService service;

    @GET
    public MeView me(@HeaderParam(ORGANIZATION_HEADER) String organizationId) {
        return service.me(organizationId);
    }
}
