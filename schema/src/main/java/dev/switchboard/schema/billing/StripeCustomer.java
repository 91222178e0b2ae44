package dev.switchboard.schema.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The Stripe customer billing created for an organization (one each). Owner: billing-service. */
@Entity
@Table(name = "stripe_customers")
public class StripeCustomer {
    @Id
    @Column(name = "organization_id")
    public UUID organizationId;
    @Column(name = "stripe_customer_id", nullable = false, unique = true)
    public String stripeCustomerId;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
