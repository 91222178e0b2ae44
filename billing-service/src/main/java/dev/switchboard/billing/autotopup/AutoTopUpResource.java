package dev.switchboard.billing.autotopup;

import dev.switchboard.billing.tenancy.Tenancy;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An organization's auto top-up (owner or admin); see docs/api-billing.md. */
@Path("/organizations/{org}/auto-topup")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AutoTopUpResource {

    @Inject
    AutoTopUpService service;

    @GET
    public AutoTopUpView get(@PathParam("org") String org) {
        return service.get(Tenancy.pathId(org));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public AutoTopUpView update(@PathParam("org") String org, UpdateAutoTopUpRequest request) {
        return service.update(Tenancy.pathId(org), request);
    }

    /** 201: a setup-mode Checkout Session where the buyer saves the card auto top-ups charge. */
    @POST
    @Path("/card")
    public Response card(@PathParam("org") String org) {
        return Response.status(Response.Status.CREATED).entity(service.startCardSetup(Tenancy.pathId(org))).build();
    }
}
