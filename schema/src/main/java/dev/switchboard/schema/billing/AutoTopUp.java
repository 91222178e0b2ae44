package dev.switchboard.schema.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An organization's auto top-up settings and saved card. Owner: billing-service. */
@Entity
@Table(name = "auto_topups")
public class AutoTopUp {
    @Id
    @Column(name = "organization_id")
    public UUID organizationId;
    @Column(nullable = false)
    public boolean enabled;
    @Column(name = "threshold_nanos", nullable = false)
    public long thresholdNanos;
    @Column(name = "amount_nanos", nullable = false)
    public long amountNanos;
    @Column(name = "stripe_payment_method_id")
    public String stripePaymentMethodId;
    @Column(name = "in_flight_payment_id")
    public UUID inFlightPaymentId;
    /** The saved card as shown (e.g. visa), from Stripe's PaymentMethod; never more than brand and last four digits. */
    @Column(name = "card_brand")
    public String cardBrand;
    @Column(name = "card_last4")
    public String cardLast4;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
