package dev.switchboard.billing.refunds;

import com.stripe.model.Charge;
import dev.switchboard.billing.payments.PaymentLedger;
import dev.switchboard.billing.payments.Usd;
import dev.switchboard.billing.stripe.StripeGateway.RefundState;
import dev.switchboard.schema.billing.Payment;
import dev.switchboard.schema.billing.PaymentRefund;
import dev.switchboard.schema.billing.PaymentRefundStatus;
import dev.switchboard.schema.billing.PaymentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code charge.refunded}, inside the webhook's transaction: one {@code refund} ledger entry per Stripe refund id
 * (reference = that id), whoever asked for it (the API, or someone in Stripe's dashboard), and the payment's status
 * (refunded once the refunds reach its credit, else partially refunded). A refund larger than the credit left (the
 * dashboard can refund the fee too) also returns the fee part as an {@code adjustment}
 * ({@code fee-refund:<refund id>}), so the net credit taken back is never more than the credit bought. The payment
 * row is locked first; entries are idempotent by reference.
 */
@ApplicationScoped
public class RefundSettlement {

    private static final Logger LOG = Logger.getLogger(RefundSettlement.class);

    @Inject
    PaymentLedger ledger;
    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    @Transactional(Transactional.TxType.MANDATORY)
    public void chargeRefunded(Charge charge, List<RefundState> stripeRefunds) {
        Optional<Payment> found = charge.getPaymentIntent() == null ? Optional.empty() : ledger.lockByPaymentIntent(charge.getPaymentIntent());
        if (found.isEmpty()) {
            LOG.warnf("charge %s (PaymentIntent %s) is no payment of ours; refund ignored", charge.getId(), charge.getPaymentIntent());
            return;
        }
        Payment payment = found.get();
        long refunded = succeededSum(payment.id);
        for (RefundState refund : stripeRefunds) {
            PaymentRefund row = row(payment, refund);
            if (row.status == PaymentRefundStatus.SUCCEEDED) {
                continue;
            }
            row.stripeRefundId = refund.id();
            if ("failed".equals(refund.status()) || "canceled".equals(refund.status())) {
                row.status = PaymentRefundStatus.FAILED;
                row.failureReason = refund.failureReason() == null ? "Stripe reported the refund " + refund.status() : refund.failureReason();
                row.completedAt = clock.instant();
                continue;
            }
            // succeeded, pending or requires_action: the money is on its way back to the card
            long amount = Usd.nanosOfCents(refund.amountCents());
            long creditLeft = Math.max(0, payment.creditNanos - refunded);
            if (ledger.refund(payment, refund.id(), amount, row.requestedBy) && amount > creditLeft) {
                ledger.feeReturned(payment, refund.id(), amount - creditLeft);
            }
            refunded += amount;
            row.amountNanos = amount;
            row.status = PaymentRefundStatus.SUCCEEDED;
            row.completedAt = clock.instant();
            LOG.infof("payment %s: refund %s of %s USD recorded", payment.id, refund.id(), Usd.of(amount));
        }
        if (refunded > 0 && payment.status != PaymentStatus.PENDING) {
            payment.status = refunded >= payment.creditNanos ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        }
    }

    /** Our row of a Stripe refund: by its id, by the request id in its metadata, or a new one (a dashboard refund). */
    private PaymentRefund row(Payment payment, RefundState refund) {
        List<PaymentRefund> byStripeId = em.createQuery("SELECT r FROM PaymentRefund r WHERE r.stripeRefundId = :id", PaymentRefund.class)
                .setParameter("id", refund.id()).getResultList();
        if (!byStripeId.isEmpty()) {
            return byStripeId.get(0);
        }
        String requestId = refund.metadata().get("refund_request_id");
        if (requestId != null) {
            try {
                PaymentRefund asked = em.find(PaymentRefund.class, UUID.fromString(requestId));
                if (asked != null && asked.paymentId.equals(payment.id) && asked.stripeRefundId == null) {
                    return asked;
                }
            } catch (IllegalArgumentException e) {
                // not one of ours
            }
        }
        PaymentRefund row = new PaymentRefund();
        row.id = UUID.randomUUID();
        row.paymentId = payment.id;
        row.organizationId = payment.organizationId;
        row.stripeRefundId = refund.id();
        row.amountNanos = Math.max(1, Usd.nanosOfCents(refund.amountCents()));
        row.status = PaymentRefundStatus.PENDING;
        row.createdAt = clock.instant();
        em.persist(row);
        return row;
    }

    private long succeededSum(UUID paymentId) {
        return ((Number) em.createNativeQuery(
                "SELECT coalesce(sum(amount_nanos), 0) FROM payment_refunds WHERE payment_id = ?1 AND status = 'succeeded'")
                .setParameter(1, paymentId).getSingleResult()).longValue();
    }
}
