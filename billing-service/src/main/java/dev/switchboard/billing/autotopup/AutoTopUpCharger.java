package dev.switchboard.billing.autotopup;

import com.stripe.model.PaymentIntent;
import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.config.BillingConfig;
import dev.switchboard.billing.payments.PaymentLedger;
import dev.switchboard.billing.payments.PurchasePricing;
import dev.switchboard.billing.payments.StripeCustomers;
import dev.switchboard.billing.payments.Usd;
import dev.switchboard.billing.stripe.StripeGateway;
import dev.switchboard.billing.stripe.StripeGateway.OffSessionCharge;
import dev.switchboard.schema.billing.Payment;
import dev.switchboard.schema.billing.PaymentSource;
import dev.switchboard.schema.billing.PaymentStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Charges auto top-ups, exactly once per claim.
 *
 * <ol>
 * <li><b>Claim</b>, in one transaction: the payment row (pending) and
 * {@code UPDATE auto_topups SET in_flight_payment_id = <payment> WHERE … enabled AND in_flight_payment_id IS NULL AND
 * balance < threshold}. Postgres lets exactly one transaction set it, whatever the number of replicas, notifications
 * and sweeps racing; the others delete their payment row again.</li>
 * <li><b>Charge</b>, outside any transaction: an off-session PaymentIntent, confirmed at once, with the idempotency key
 * {@code auto-topup-<payment id>}.</li>
 * <li><b>Settle</b>: succeeded → the purchase and fee are credited (reference = the PaymentIntent id; the
 * {@code payment_intent.succeeded} webhook credits with the same reference under the same row lock, so the two paths
 * together credit once) and the claim is released in the same transaction, so a new claim sees the new balance. A
 * decline → the payment fails, auto top-up turns itself off with Stripe's message as {@code last_error}, claim
 * released. Processing → the webhook settles it later.</li>
 * </ol>
 *
 * A claim whose charge never got an answer (network failure, or billing-service stopped mid-way) stays in place, so
 * nothing else charges; {@link #recover} settles it at start and in every sweep: the same request with the same
 * idempotency key makes Stripe answer what it did the first time (or do it now, once, if it never arrived), and no
 * second charge is possible.
 */
@ApplicationScoped
public class AutoTopUpCharger {

    private static final Logger LOG = Logger.getLogger(AutoTopUpCharger.class);
    /** Stripe keeps idempotency keys for at least 24 hours; past that, a repeated request would be a new one. */
    private static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(23);

    @Inject
    StripeGateway stripe;
    @Inject
    StripeCustomers customers;
    @Inject
    PurchasePricing pricing;
    @Inject
    PaymentLedger ledger;
    @Inject
    BillingConfig config;
    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /** A claimed top-up: its payment and the card to charge. */
    record Claim(UUID organizationId, UUID paymentId, long creditNanos, long feeNanos, String paymentMethodId) {
    }

    /** Charges the organization's auto top-up if it is due and nobody else is charging it. Call outside a transaction. */
    public void topUpIfDue(UUID organizationId) {
        if (!stripe.configured()) {
            return;
        }
        Optional<Claim> claim = QuarkusTransaction.requiringNew().call(() -> claim(organizationId));
        claim.ifPresent(this::charge);
    }

    Optional<Claim> claim(UUID organizationId) {
        List<?> due = em.createNativeQuery("""
                        SELECT a.amount_nanos, a.stripe_payment_method_id FROM auto_topups a
                        WHERE a.organization_id = ?1 AND a.enabled AND a.in_flight_payment_id IS NULL
                          AND a.stripe_payment_method_id IS NOT NULL
                          AND coalesce((SELECT b.balance_nanos FROM organization_balances b WHERE b.organization_id = a.organization_id), 0)
                              < a.threshold_nanos""")
                .setParameter(1, organizationId).getResultList();
        if (due.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) due.get(0);
        long credit = ((Number) row[0]).longValue();
        String paymentMethod = (String) row[1];
        long fee = Usd.nanosOfCents(pricing.feeCents(Usd.cents(credit)));
        Payment payment = new Payment();
        payment.id = UUID.randomUUID();
        payment.organizationId = organizationId;
        payment.source = PaymentSource.AUTO_TOPUP;
        payment.creditNanos = credit;
        payment.feeNanos = fee;
        payment.currency = "usd";
        payment.status = PaymentStatus.PENDING;
        payment.createdAt = clock.instant();
        em.persist(payment);
        em.flush(); // the claim references the payment
        int claimed = em.createNativeQuery("""
                        UPDATE auto_topups a SET in_flight_payment_id = ?1, updated_at = now()
                        WHERE a.organization_id = ?2 AND a.enabled AND a.in_flight_payment_id IS NULL
                          AND a.stripe_payment_method_id = ?3 AND a.amount_nanos = ?4
                          AND coalesce((SELECT b.balance_nanos FROM organization_balances b WHERE b.organization_id = a.organization_id), 0)
                              < a.threshold_nanos""")
                .setParameter(1, payment.id).setParameter(2, organizationId).setParameter(3, paymentMethod).setParameter(4, credit)
                .executeUpdate();
        if (claimed != 1) {
            em.remove(payment); // someone else claimed it first: no payment row of ours remains
            return Optional.empty();
        }
        LOG.infof("auto top-up of organization %s claimed: payment %s, %s USD + fee %s", organizationId, payment.id,
                Usd.of(credit), Usd.of(fee));
        return Optional.of(new Claim(organizationId, payment.id, credit, fee, paymentMethod));
    }

    void charge(Claim claim) {
        Optional<String> customer = QuarkusTransaction.requiringNew().call(() -> customers.find(claim.organizationId()));
        if (customer.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> failAndDisable(claim.organizationId(), claim.paymentId(), null,
                    "The organization has no Stripe customer: save a card again"));
            return;
        }
        OffSessionCharge answer;
        try {
            answer = stripe.chargeOffSession(new StripeGateway.OffSessionPayment(claim.organizationId().toString(),
                    claim.paymentId().toString(), customer.get(), claim.paymentMethodId(), claim.creditNanos(), claim.feeNanos(),
                    Usd.cents(claim.creditNanos() + claim.feeNanos())));
        } catch (BillingException e) {
            LOG.warnf("auto top-up payment %s: no answer from Stripe (%s); the claim stays until it is recovered",
                    claim.paymentId(), e.getMessage());
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> settle(claim.organizationId(), claim.paymentId(), answer));
    }

    /** Applies Stripe's answer to a claimed top-up (locked payment; idempotent). */
    void settle(UUID organizationId, UUID paymentId, OffSessionCharge answer) {
        Payment payment = ledger.lock(paymentId).orElseThrow();
        switch (answer) {
            case OffSessionCharge.Declined declined -> {
                if (declined.paymentIntentId() != null && payment.stripePaymentIntentId == null) {
                    payment.stripePaymentIntentId = declined.paymentIntentId();
                }
                LOG.infof("auto top-up payment %s declined (%s/%s)", paymentId, declined.code(), declined.declineCode());
                failAndDisable(organizationId, paymentId, payment, declined.message());
            }
            case OffSessionCharge.Answered answered -> {
                if (payment.stripePaymentIntentId == null) {
                    payment.stripePaymentIntentId = answered.paymentIntentId();
                }
                switch (String.valueOf(answered.status())) {
                    case "succeeded" -> {
                        ledger.credit(payment, answered.paymentIntentId(), "Auto top-up");
                        release(organizationId, paymentId);
                    }
                    case "processing" -> LOG.infof("auto top-up payment %s processing at Stripe; its webhook settles it", paymentId);
                    default -> failAndDisable(organizationId, paymentId, payment, answered.lastError() != null ? answered.lastError()
                            : "The card could not be charged without the cardholder (PaymentIntent " + answered.status() + ")");
                }
            }
        }
    }

    /** {@code payment_intent.succeeded} of an auto top-up (webhook transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paymentIntentSucceeded(PaymentIntent intent) {
        topUpPayment(intent).ifPresent(payment -> {
            long expected = Usd.cents(payment.creditNanos + payment.feeNanos);
            if (intent.getAmountReceived() != null && intent.getAmountReceived() != expected) {
                LOG.errorf("auto top-up payment %s: PaymentIntent %s received %d cents, expected %d: NOT credited, an operator must look",
                        payment.id, intent.getId(), intent.getAmountReceived(), expected);
                return;
            }
            ledger.credit(payment, intent.getId(), "Auto top-up");
            release(payment.organizationId, payment.id);
        });
    }

    /** {@code payment_intent.payment_failed} of an auto top-up (webhook transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paymentIntentFailed(PaymentIntent intent) {
        topUpPayment(intent).ifPresent(payment -> {
            String reason = intent.getLastPaymentError() != null && intent.getLastPaymentError().getMessage() != null
                    ? intent.getLastPaymentError().getMessage() : "The auto top-up payment failed";
            if (payment.status == PaymentStatus.PENDING) {
                failAndDisable(payment.organizationId, payment.id, payment, reason);
            } else {
                release(payment.organizationId, payment.id);
            }
        });
    }

    /**
     * Settles claims left behind: every one when {@code all} (at start), else those older than the stale-claim age.
     * Call outside a transaction.
     */
    public void recover(boolean all) {
        if (!stripe.configured()) {
            return;
        }
        Instant before = all ? clock.instant().plusSeconds(1) : clock.instant().minus(config.autoTopup().staleClaim());
        List<?> claims = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        SELECT a.organization_id, a.in_flight_payment_id FROM auto_topups a
                        JOIN payments p ON p.id = a.in_flight_payment_id
                        WHERE p.created_at < ?1""")
                .setParameter(1, before).getResultList());
        for (Object claim : claims) {
            Object[] row = (Object[]) claim;
            try {
                recover((UUID) row[0], (UUID) row[1]);
            } catch (RuntimeException e) {
                LOG.warnf("auto top-up claim %s of organization %s not recovered yet: %s", row[1], row[0], e.getMessage());
            }
        }
    }

    void recover(UUID organizationId, UUID paymentId) {
        Payment payment = QuarkusTransaction.requiringNew().call(() -> em.find(Payment.class, paymentId));
        if (payment.status != PaymentStatus.PENDING) {
            QuarkusTransaction.requiringNew().run(() -> release(organizationId, paymentId));
            return;
        }
        OffSessionCharge answer;
        if (payment.createdAt.isAfter(clock.instant().minus(IDEMPOTENCY_WINDOW))) {
            // the very request of the claim again: Stripe answers what it did (or does it now, once)
            Optional<String> customer = QuarkusTransaction.requiringNew().call(() -> customers.find(organizationId));
            String paymentMethod = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                    "SELECT stripe_payment_method_id FROM auto_topups WHERE organization_id = ?1")
                    .setParameter(1, organizationId).getSingleResult());
            if (customer.isEmpty() || paymentMethod == null) {
                QuarkusTransaction.requiringNew().run(() -> failAndDisable(organizationId, paymentId, null,
                        "The saved card is gone; save a card again"));
                return;
            }
            answer = stripe.chargeOffSession(new StripeGateway.OffSessionPayment(organizationId.toString(), paymentId.toString(),
                    customer.get(), paymentMethod, payment.creditNanos, payment.feeNanos,
                    Usd.cents(payment.creditNanos + payment.feeNanos)));
        } else if (payment.stripePaymentIntentId != null) {
            answer = stripe.paymentIntent(payment.stripePaymentIntentId);
        } else {
            QuarkusTransaction.requiringNew().run(() -> failAndDisable(organizationId, paymentId, null,
                    "Interrupted before Stripe answered, too long ago to ask again; no charge is known"));
            return;
        }
        LOG.infof("auto top-up payment %s recovered", paymentId);
        QuarkusTransaction.requiringNew().run(() -> settle(organizationId, paymentId, answer));
    }

    /** The auto top-up payment a PaymentIntent charged (locked), by its metadata or its id; empty for any other. */
    private Optional<Payment> topUpPayment(PaymentIntent intent) {
        String metadataId = intent.getMetadata() == null ? null : intent.getMetadata().get("payment_id");
        Optional<Payment> found = Optional.empty();
        if (metadataId != null) {
            try {
                found = ledger.lock(UUID.fromString(metadataId));
            } catch (IllegalArgumentException e) {
                // not ours
            }
        }
        if (found.isEmpty()) {
            found = ledger.lockByPaymentIntent(intent.getId());
        }
        if (found.isEmpty() || found.get().source != PaymentSource.AUTO_TOPUP) {
            return Optional.empty(); // a Checkout purchase's PaymentIntent: the session events settle those
        }
        Payment payment = found.get();
        if (payment.stripePaymentIntentId == null) {
            payment.stripePaymentIntentId = intent.getId();
        } else if (!payment.stripePaymentIntentId.equals(intent.getId())) {
            LOG.errorf("PaymentIntent %s names payment %s, which is PaymentIntent %s; ignored", intent.getId(), payment.id,
                    payment.stripePaymentIntentId);
            return Optional.empty();
        }
        return found;
    }

    /** The payment failed (when still pending), auto top-up off with the reason, claim released. */
    private void failAndDisable(UUID organizationId, UUID paymentId, Payment locked, String reason) {
        Payment payment = locked != null ? locked : ledger.lock(paymentId).orElseThrow();
        ledger.fail(payment, PaymentStatus.FAILED, reason);
        em.flush();
        em.createNativeQuery("""
                        UPDATE auto_topups SET enabled = false, last_error = ?1, in_flight_payment_id = NULL, updated_at = now()
                        WHERE organization_id = ?2 AND (in_flight_payment_id = ?3 OR in_flight_payment_id IS NULL)""")
                .setParameter(1, reason).setParameter(2, organizationId).setParameter(3, paymentId).executeUpdate();
        LOG.infof("auto top-up of organization %s turned off: %s", organizationId, reason);
    }

    private void release(UUID organizationId, UUID paymentId) {
        em.flush();
        em.createNativeQuery("""
                        UPDATE auto_topups SET in_flight_payment_id = NULL, updated_at = now()
                        WHERE organization_id = ?1 AND in_flight_payment_id = ?2""")
                .setParameter(1, organizationId).setParameter(2, paymentId).executeUpdate();
    }
}
