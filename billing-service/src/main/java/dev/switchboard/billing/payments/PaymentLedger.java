package dev.switchboard.billing.payments;

import dev.switchboard.schema.billing.Payment;
import dev.switchboard.schema.billing.PaymentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The one place that turns a payment into credit movements, and the only writer of {@code purchase}, {@code fee} and
 * {@code refund} ledger entries. Every entry is written with {@code INSERT … ON CONFLICT (external_reference) DO
 * NOTHING} against the ledger's UNIQUE external reference, and callers hold the payment row locked
 * ({@code FOR UPDATE}): however many webhooks, redeliveries and synchronous answers report the same money, it moves
 * once.
 *
 * <p>What a paid purchase writes: {@code purchase} = credit + fee (what the card paid; reference = the Checkout
 * Session id, or the PaymentIntent id of an auto top-up) and {@code fee} = −fee (reference {@code fee:<same>}), so the
 * net credit is the amount asked for and the ledger's purchase entries add up to Stripe's gross charges. A refund
 * writes {@code refund} = −amount (reference = the Stripe refund id).
 */
@ApplicationScoped
public class PaymentLedger {

    private static final Logger LOG = Logger.getLogger(PaymentLedger.class);

    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /** The payment, locked until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Payment> lock(UUID paymentId) {
        return Optional.ofNullable(em.find(Payment.class, paymentId, LockModeType.PESSIMISTIC_WRITE));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Payment> lockBySession(String sessionId) {
        return first(em.createQuery("SELECT p FROM Payment p WHERE p.stripeSessionId = :id", Payment.class)
                .setParameter("id", sessionId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Payment> lockByPaymentIntent(String paymentIntentId) {
        return first(em.createQuery("SELECT p FROM Payment p WHERE p.stripePaymentIntentId = :id", Payment.class)
                .setParameter("id", paymentIntentId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
    }

    /**
     * Credits a locked payment once: the purchase and its fee, status paid. {@code reference} is Stripe's id of the
     * money (session or PaymentIntent). Returns false, writing nothing, when the payment was already credited. A
     * payment marked failed or expired is still credited when Stripe says it was paid: money received is credit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean credit(Payment payment, String reference, String description) {
        if (payment.status == PaymentStatus.PAID || payment.status == PaymentStatus.REFUNDED
                || payment.status == PaymentStatus.PARTIALLY_REFUNDED) {
            return false;
        }
        boolean purchased = insert(payment.organizationId, "purchase", payment.creditNanos + payment.feeNanos, reference,
                description, payment.createdBy);
        if (!purchased) {
            // the entry exists though the payment says otherwise: never credit twice, but say so
            LOG.errorf("payment %s (status %s): a purchase entry %s already exists; not credited again",
                    payment.id, payment.status, reference);
        } else if (payment.feeNanos > 0) {
            insert(payment.organizationId, "fee", -payment.feeNanos, "fee:" + reference, "Purchase fee", payment.createdBy);
        }
        payment.status = PaymentStatus.PAID;
        payment.failureReason = null;
        payment.completedAt = clock.instant();
        LOG.infof("payment %s paid: organization %s credited %s (+ fee %s), reference %s", payment.id, payment.organizationId,
                Usd.of(payment.creditNanos), Usd.of(payment.feeNanos), reference);
        return purchased;
    }

    /** Marks a locked, still pending payment failed (or expired) with the reason; a settled payment is left alone. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean fail(Payment payment, PaymentStatus status, String reason) {
        if (payment.status != PaymentStatus.PENDING) {
            return false;
        }
        payment.status = status;
        payment.failureReason = reason == null ? null : truncate(reason);
        payment.completedAt = clock.instant();
        LOG.infof("payment %s %s: %s", payment.id, status.name().toLowerCase(java.util.Locale.ROOT), payment.failureReason);
        return true;
    }

    /**
     * Writes a {@code refund} entry of {@code amountNanos} (positive: what went back to the card) for Stripe refund
     * {@code stripeRefundId}, once. Returns false when it was already written.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean refund(Payment payment, String stripeRefundId, long amountNanos, UUID requestedBy) {
        return insert(payment.organizationId, "refund", -amountNanos, stripeRefundId, "Refund of payment " + payment.id, requestedBy);
    }

    /**
     * When Stripe refunded more than the credit left (a refund made in Stripe's dashboard that returned the fee too),
     * the fee part returns: an {@code adjustment} of +{@code amountNanos}, reference {@code fee-refund:<refund id>}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean feeReturned(Payment payment, String stripeRefundId, long amountNanos) {
        return insert(payment.organizationId, "adjustment", amountNanos, "fee-refund:" + stripeRefundId,
                "Purchase fee returned with refund " + stripeRefundId, null);
    }

    private boolean insert(UUID organizationId, String kind, long amountNanos, String reference, String description, UUID createdBy) {
        // plain JDBC on the transaction's connection: ON CONFLICT, and typed NULLs for the optional columns.
        // created_at is the statement's own time, not the transaction's (now()): a purchase and its fee are written in
        // one transaction, and with one timestamp the history could list the fee before the purchase and show a
        // running balance that never existed (−fee); in order, the fee is written after the purchase.
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference, description, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, clock_timestamp())
                    ON CONFLICT (external_reference) DO NOTHING""")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, organizationId);
                insert.setString(3, kind);
                insert.setLong(4, amountNanos);
                insert.setString(5, reference);
                insert.setString(6, description);
                insert.setObject(7, createdBy, Types.OTHER);
                return insert.executeUpdate() == 1;
            }
        });
    }

    private static String truncate(String reason) {
        return reason.length() <= 500 ? reason : reason.substring(0, 500);
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
