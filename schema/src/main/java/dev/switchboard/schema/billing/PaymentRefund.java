package dev.switchboard.schema.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A refund of (part of) a payment. Asked for through the API it exists before Stripe is called; the
 * {@code refund} ledger entry (external reference = {@link #stripeRefundId}) is written when Stripe reports it.
 * Owner: billing-service.
 */
@Entity
@Table(name = "payment_refunds")
public class PaymentRefund {
    @Id
    public UUID id;
    @Column(name = "payment_id", nullable = false)
    public UUID paymentId;
    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;
    @Column(name = "stripe_refund_id", unique = true)
    public String stripeRefundId;
    /** What goes back to the card, in nano-USD (positive). */
    @Column(name = "amount_nanos", nullable = false)
    public long amountNanos;
    @Convert(converter = PaymentRefundStatus.Column.class)
    @Column(nullable = false)
    public PaymentRefundStatus status;
    @Column(name = "failure_reason")
    public String failureReason;
    @Column(name = "requested_by")
    public UUID requestedBy;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;
}
