package dev.switchboard.schema.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Stripe webhook event already received; its id makes a redelivery a no-op. Owner: billing-service. */
@Entity
@Table(name = "stripe_events")
public class StripeEvent {
    @Id
    public String id;
    @Column(nullable = false)
    public String type;
    @Column(nullable = false)
    public boolean livemode;
    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
    @Column(name = "processed_at")
    public Instant processedAt;
}
