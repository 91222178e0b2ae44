package dev.switchboard.web.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** What the dashboard asks of billing-service, as the signed-in user (billing checks the membership and role). */
@ApplicationScoped
public class BillingClient {

    @Inject
    @RestClient
    BillingRestClient rest;

    public Balance balance(UUID organizationId) {
        return rest.balance(organizationId);
    }

    /** USD amounts exact to the nano-dollar, as billing sends them. */
    public record Balance(UUID organizationId, BigDecimal balance, BigDecimal available, BigDecimal reserved,
                          BigDecimal totalCredits, BigDecimal totalUsage) {
    }
}
