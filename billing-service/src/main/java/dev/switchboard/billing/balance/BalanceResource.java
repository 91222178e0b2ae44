package dev.switchboard.billing.balance;

import dev.switchboard.billing.tenancy.Tenancy;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.billing.OrganizationBalance;
import dev.switchboard.schema.billing.OrganizationBalanceRepository;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** An organization's credit: what every member may read, and what the dashboard shows as "Balance". */
@Path("/organizations/{organization}/balance")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class BalanceResource {

    @Inject
    Tenancy tenancy;
    @Inject
    OrganizationBalanceRepository balances;

    @GET
    @Transactional
    public BalanceView get(@PathParam("organization") String organization) {
        UUID org = tenancy.require(Tenancy.pathId(organization), MemberRole.MEMBER).organizationId();
        OrganizationBalance balance = balances.findByIdOptional(org).orElse(null);
        return BalanceView.of(org, balance);
    }
}
