package dev.switchboard.billing.payments;

import dev.switchboard.billing.tenancy.Tenancy;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** An organization's card payments (any member); see docs/api-billing.md. */
@Path("/organizations/{org}/payments")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    /** A list answer: {@code {"data": [...]}}, newest first. */
    public record PaymentList(List<PaymentView> data) {
    }

    @Inject
    PaymentService service;

    @GET
    public PaymentList list(@PathParam("org") String org, @QueryParam("limit") @DefaultValue("50") String limit) {
        return new PaymentList(service.list(Tenancy.pathId(org), PaymentService.limit(limit)));
    }
}
