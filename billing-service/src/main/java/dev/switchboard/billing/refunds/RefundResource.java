package dev.switchboard.billing.refunds;

import dev.switchboard.billing.tenancy.Tenancy;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Refunding a payment's unused credit to the card (owner only); see docs/api-billing.md. */
@Path("/organizations/{org}/payments/{payment}/refund")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RefundResource {

    @Inject
    RefundService service;

    /** 202: Stripe accepted the refund; its webhook writes the ledger entry. A body is optional. */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response refund(@PathParam("org") String org, @PathParam("payment") String payment, RefundRequest request) {
        return Response.accepted(service.refund(Tenancy.pathId(org), payment, request)).build();
    }
}
