package dev.switchboard.billing.checkout;

import com.stripe.model.checkout.Session;
import dev.switchboard.billing.payments.PaymentLedger;
import dev.switchboard.billing.payments.Usd;
import dev.switchboard.schema.billing.Payment;
import dev.switchboard.schema.billing.PaymentSource;
import dev.switchboard.schema.billing.PaymentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What Stripe's Checkout events do to a purchase, inside the webhook's transaction (the event id is recorded in the
 * same one). The payment row is locked first, so a {@code checkout.session.completed} and an
 * {@code async_payment_succeeded} for one session, or one event delivered five times at once, credit once.
 */
@ApplicationScoped
public class CheckoutSettlement {

    private static final Logger LOG = Logger.getLogger(CheckoutSettlement.class);

    @Inject
    PaymentLedger ledger;

    /** {@code checkout.session.completed} in payment mode: credit when paid; an asynchronous method stays pending. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(Session session) {
        Optional<Payment> found = payment(session);
        if (found.isEmpty()) {
            return;
        }
        Payment payment = found.get();
        switch (String.valueOf(session.getPaymentStatus())) {
            case "paid" -> credit(payment, session);
            case "unpaid" -> LOG.infof("payment %s: session %s completed, payment not yet received (asynchronous method); pending",
                    payment.id, session.getId());
            default -> LOG.warnf("payment %s: session %s completed with payment_status %s; nothing to credit",
                    payment.id, session.getId(), session.getPaymentStatus());
        }
    }

    /** {@code checkout.session.async_payment_succeeded}: the delayed payment arrived. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void asyncSucceeded(Session session) {
        payment(session).ifPresent(payment -> credit(payment, session));
    }

    /** {@code checkout.session.async_payment_failed}: the delayed payment did not arrive. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void asyncFailed(Session session) {
        payment(session).ifPresent(payment -> ledger.fail(payment, PaymentStatus.FAILED,
                "The payment failed after checkout (the asynchronous payment method was not honoured)"));
    }

    /** {@code checkout.session.expired}: the buyer never paid. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void expired(Session session) {
        payment(session).ifPresent(payment -> ledger.fail(payment, PaymentStatus.EXPIRED, "The Checkout Session expired before payment"));
    }

    private void credit(Payment payment, Session session) {
        long expectedCents = Usd.cents(payment.creditNanos + payment.feeNanos);
        if (session.getAmountTotal() == null || session.getAmountTotal() != expectedCents || !"usd".equals(session.getCurrency())) {
            // never credit what was not paid; this cannot happen unless the session was changed behind our back
            LOG.errorf("payment %s: session %s paid %s %s, expected %d usd cents: NOT credited, an operator must look",
                    payment.id, session.getId(), session.getAmountTotal(), session.getCurrency(), expectedCents);
            ledger.fail(payment, PaymentStatus.FAILED, "Stripe reported a paid amount of " + session.getAmountTotal() + " "
                    + session.getCurrency() + " cents, expected " + expectedCents + " usd cents; not credited");
            return;
        }
        ledger.credit(payment, session.getId(), "Credit purchase (Stripe Checkout)");
    }

    /** The session's payment, locked, with the session's ids recorded on it; empty (and logged) when it is not ours. */
    private Optional<Payment> payment(Session session) {
        if (!"payment".equals(session.getMode())) {
            return Optional.empty();
        }
        String metadataId = session.getMetadata() == null ? null : session.getMetadata().get("payment_id");
        String reference = metadataId != null ? metadataId : session.getClientReferenceId();
        Optional<Payment> found = parse(reference).flatMap(ledger::lock);
        if (found.isEmpty()) {
            found = ledger.lockBySession(session.getId());
        }
        if (found.isEmpty() || found.get().source != PaymentSource.CHECKOUT) {
            LOG.warnf("Checkout Session %s names no purchase of ours (payment %s); ignored", session.getId(), reference);
            return Optional.empty();
        }
        Payment payment = found.get();
        String organization = session.getMetadata() == null ? null : session.getMetadata().get("organization_id");
        if (payment.stripeSessionId != null && !payment.stripeSessionId.equals(session.getId())
                || organization != null && !organization.equals(payment.organizationId.toString())) {
            LOG.errorf("Checkout Session %s does not match payment %s (session %s, organization %s); ignored",
                    session.getId(), payment.id, payment.stripeSessionId, payment.organizationId);
            return Optional.empty();
        }
        if (payment.stripeSessionId == null) {
            payment.stripeSessionId = session.getId();
        }
        if (payment.stripePaymentIntentId == null && session.getPaymentIntent() != null) {
            payment.stripePaymentIntentId = session.getPaymentIntent();
        }
        return found;
    }

    private static Optional<UUID> parse(String id) {
        try {
            return id == null ? Optional.empty() : Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
