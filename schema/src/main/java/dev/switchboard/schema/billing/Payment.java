package dev.switchboard.schema.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A card payment for credit, with its purchase fee. Owner: billing-service. */
@Entity
@Table(name = "payments")
public class Payment {
    @Id
    public UUID id;
    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;
    @Column(name = "created_by")
    public UUID createdBy;
    @Convert(converter = PaymentSource.Column.class)
    @Column(nullable = false)
    public PaymentSource source;
    @Column(name = "stripe_session_id", unique = true)
    public String stripeSessionId;
    @Column(name = "stripe_payment_intent_id", unique = true)
    public String stripePaymentIntentId;
    /** The credit bought, in nano-USD. */
    @Column(name = "credit_nanos", nullable = false)
    public long creditNanos;
    /** The purchase fee charged on top, in nano-USD. */
    @Column(name = "fee_nanos", nullable = false)
    public long feeNanos;
    @Column(nullable = false)
    public String currency;
    @Convert(converter = PaymentStatus.Column.class)
    @Column(nullable = false)
    public PaymentStatus status;
    @Column(name = "failure_reason")
    public String failureReason;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;
}
