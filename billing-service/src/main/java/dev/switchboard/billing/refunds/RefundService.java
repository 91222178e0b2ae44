package dev.switchboard.billing.refunds;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.payments.PaymentLedger;
import dev.switchboard.billing.payments.Usd;
import dev.switchboard.billing.stripe.StripeGateway;
import dev.switchboard.billing.tenancy.OrganizationAccess;
import dev.switchboard.billing.tenancy.Tenancy;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.billing.Payment;
import dev.switchboard.schema.billing.PaymentRefund;
import dev.switchboard.schema.billing.PaymentRefundRepository;
import dev.switchboard.schema.billing.PaymentRefundStatus;
import dev.switchboard.schema.billing.PaymentStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Refunds asked for through the API. What may be refunded of a payment is
 * {@code min(its credit − what was refunded or asked already, the organization's available credit)}, available meaning
 * balance − what gateway replicas hold leased − refunds asked but not yet in the ledger: credit already spent is not
 * refunded, and the purchase fee is never refunded. The refund row is written (and the organization serialised by an
 * advisory lock) before Stripe is called, so two concurrent requests cannot refund the same credit; Stripe's
 * idempotency key is that row's id. The {@code refund} ledger entry is written by the {@code charge.refunded} webhook
 * ({@link RefundSettlement}), not here.
 */
@ApplicationScoped
public class RefundService {

    @Inject
    Tenancy tenancy;
    @Inject
    StripeGateway stripe;
    @Inject
    PaymentLedger ledger;
    @Inject
    PaymentRefundRepository refunds;
    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    private record Asked(UUID refundId, UUID paymentId, String paymentIntentId, long amountNanos) {
    }

    public RefundView refund(UUID organizationId, String rawPaymentId, RefundRequest request) {
        Asked asked = QuarkusTransaction.requiringNew().call(() -> ask(organizationId, rawPaymentId, request));
        StripeGateway.RefundState state;
        try {
            state = stripe.createRefund(asked.refundId().toString(), asked.paymentId().toString(), organizationId.toString(),
                    asked.paymentIntentId(), Usd.cents(asked.amountNanos()));
        } catch (BillingException e) {
            QuarkusTransaction.requiringNew().run(() -> {
                ledger.lock(asked.paymentId());
                PaymentRefund row = refunds.findById(asked.refundId());
                if (row.status == PaymentRefundStatus.REQUESTED) {
                    row.status = PaymentRefundStatus.FAILED;
                    row.failureReason = e.getMessage();
                    row.completedAt = clock.instant();
                }
            });
            throw e;
        }
        PaymentRefundStatus status = QuarkusTransaction.requiringNew().call(() -> {
            ledger.lock(asked.paymentId()); // the webhook's lock order: payment, then its refunds
            PaymentRefund row = refunds.findById(asked.refundId());
            if (row.stripeRefundId == null) {
                row.stripeRefundId = state.id();
            }
            if (row.status == PaymentRefundStatus.REQUESTED) {
                boolean refused = "failed".equals(state.status()) || "canceled".equals(state.status());
                row.status = refused ? PaymentRefundStatus.FAILED : PaymentRefundStatus.PENDING;
                if (refused) {
                    row.failureReason = state.failureReason();
                    row.completedAt = clock.instant();
                }
            }
            return row.status;
        });
        return new RefundView(state.id(), Usd.of(asked.amountNanos()), status.name().toLowerCase(Locale.ROOT));
    }

    private Asked ask(UUID organizationId, String rawPaymentId, RefundRequest request) {
        OrganizationAccess access = tenancy.require(organizationId, MemberRole.OWNER);
        stripe.requireConfigured();
        UUID paymentId = paymentId(rawPaymentId);
        // one refund decision at a time per organization: the available credit is shared by all its payments
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1)) AS locked").setParameter(1, lockKey(organizationId)).getSingleResult();
        Payment payment = ledger.lock(paymentId).filter(p -> p.organizationId.equals(organizationId))
                .orElseThrow(() -> BillingException.notFound("Payment not found"));
        if ((payment.status != PaymentStatus.PAID && payment.status != PaymentStatus.PARTIALLY_REFUNDED)
                || payment.stripePaymentIntentId == null) {
            throw BillingException.conflict("Only a paid payment can be refunded (this one is "
                    + payment.status.name().toLowerCase(Locale.ROOT) + ")", Map.of("status", payment.status.name().toLowerCase(Locale.ROOT)));
        }
        long refundable = refundable(payment);
        long amount;
        if (request == null || request.amount() == null) {
            if (refundable <= 0) {
                throw tooMuch("nothing of this payment is refundable", refundable);
            }
            amount = refundable;
        } else {
            amount = Usd.wholeCents("amount", request.amount());
            if (amount > refundable) {
                throw tooMuch("must be at most " + Usd.of(refundable).toPlainString() + " USD (what is refundable)", refundable);
            }
        }
        PaymentRefund row = new PaymentRefund();
        row.id = UUID.randomUUID();
        row.paymentId = payment.id;
        row.organizationId = organizationId;
        row.amountNanos = amount;
        row.status = PaymentRefundStatus.REQUESTED;
        row.requestedBy = access.userId();
        row.createdAt = clock.instant();
        refunds.persist(row);
        return new Asked(row.id, payment.id, payment.stripePaymentIntentId, amount);
    }

    /** What of a (locked) payment can be refunded now, in whole cents, never below 0. */
    long refundable(Payment payment) {
        long refundedOrAsked = sum("""
                SELECT coalesce(sum(amount_nanos), 0) FROM payment_refunds WHERE payment_id = ?1 AND status <> 'failed'""", payment.id);
        long unrecorded = sum("""
                SELECT coalesce(sum(amount_nanos), 0) FROM payment_refunds
                WHERE organization_id = ?1 AND status IN ('requested', 'pending')""", payment.organizationId);
        long available = sum("""
                SELECT coalesce((SELECT balance_nanos - leased_nanos FROM organization_balances WHERE organization_id = ?1), 0)""",
                payment.organizationId) - unrecorded;
        long refundable = Math.min(payment.creditNanos - refundedOrAsked, available);
        return refundable <= 0 ? 0 : refundable - refundable % Usd.NANOS_PER_CENT;
    }

    private long sum(String sql, UUID id) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, id).getSingleResult()).longValue();
    }

    private static BillingException tooMuch(String problem, long refundable) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("field", "amount");
        metadata.put("refundable", Usd.of(refundable));
        return new BillingException(400, "amount: " + problem, metadata);
    }

    private static UUID paymentId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw BillingException.notFound("Payment not found");
        }
    }

    /** The advisory lock of an organization's refunds ('refunds' namespace folded into the id's bits). */
    private static long lockKey(UUID organizationId) {
        return organizationId.getMostSignificantBits() ^ organizationId.getLeastSignificantBits() ^ 0x7265_6675_6e64_7321L;
    }
}
