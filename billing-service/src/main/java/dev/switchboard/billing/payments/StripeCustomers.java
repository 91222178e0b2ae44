package dev.switchboard.billing.payments;

import dev.switchboard.billing.stripe.StripeGateway;
import dev.switchboard.schema.billing.StripeCustomer;
import dev.switchboard.schema.billing.StripeCustomerRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.UUID;

/**
 * One Stripe customer per organization, kept in billing's own {@code stripe_customers}. Created on the first purchase
 * or card setup, outside any transaction (a Stripe call must not hold a database connection open); the idempotency
 * key {@code customer-<organization>} makes concurrent first purchases, on any replica, get the same customer, and the
 * row is then written once ({@code ON CONFLICT DO NOTHING}).
 */
@ApplicationScoped
public class StripeCustomers {

    @Inject
    StripeGateway stripe;
    @Inject
    StripeCustomerRepository customers;
    @Inject
    EntityManager em;

    /** The organization's Stripe customer id, created if it has none. Call outside a transaction. */
    public String ensure(UUID organizationId) {
        Optional<String> known = QuarkusTransaction.requiringNew().call(() -> find(organizationId));
        if (known.isPresent()) {
            return known.get();
        }
        String name = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT name FROM organizations WHERE id = ?1").setParameter(1, organizationId).getSingleResult());
        String created = stripe.createCustomer(organizationId.toString(), name);
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("""
                            INSERT INTO stripe_customers (organization_id, stripe_customer_id) VALUES (?1, ?2)
                            ON CONFLICT (organization_id) DO NOTHING""")
                    .setParameter(1, organizationId).setParameter(2, created).executeUpdate();
            return find(organizationId).orElseThrow();
        });
    }

    /** The organization's Stripe customer id, if it has one. */
    public Optional<String> find(UUID organizationId) {
        return customers.findByIdOptional(organizationId).map(c -> c.stripeCustomerId);
    }

    /** The organization a Stripe customer belongs to, if it is one of ours. */
    public Optional<UUID> organizationOf(String stripeCustomerId) {
        return customers.find("stripeCustomerId", stripeCustomerId).firstResultOptional().map((StripeCustomer c) -> c.organizationId);
    }
}
