package dev.switchboard.billing.webhooks;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.autotopup.AutoTopUpCharger;
import dev.switchboard.billing.autotopup.AutoTopUpService;
import dev.switchboard.billing.checkout.CheckoutSettlement;
import dev.switchboard.billing.config.StripeConfig;
import dev.switchboard.billing.refunds.RefundSettlement;
import dev.switchboard.billing.stripe.StripeGateway;
import dev.switchboard.billing.webhooks.StripeWebhookResource.Received;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Stripe's events, each applied exactly once.
 *
 * <ol>
 * <li>The signature is verified over the raw body ({@code Webhook.constructEvent}, with the configured tolerance):
 * missing, forged or stale → 400, nothing written. Without a webhook secret every event is refused (503).</li>
 * <li>What an event needs from Stripe (a setup's card, a charge's refunds) is read before the transaction.</li>
 * <li>One transaction records the event id in {@code stripe_events} ({@code INSERT … ON CONFLICT DO NOTHING}: a
 * concurrent delivery of the same event waits for this one and then finds it recorded, so it does nothing) and applies
 * its effect. Effects are idempotent by their own keys too (locked payment row, UNIQUE ledger reference), so two
 * different events about the same money (completed + async_payment_succeeded, or the webhook and the synchronous
 * auto top-up answer) also move it once. A failure rolls both back: Stripe redelivers.</li>
 * </ol>
 * Unknown event types are recorded and ignored (200). Only the event id and type are logged, never payloads.
 */
@ApplicationScoped
public class StripeWebhookService {

    private static final Logger LOG = Logger.getLogger(StripeWebhookService.class);

    @Inject
    StripeConfig config;
    @Inject
    StripeGateway stripe;
    @Inject
    CheckoutSettlement checkout;
    @Inject
    RefundSettlement refunds;
    @Inject
    AutoTopUpService autoTopUps;
    @Inject
    AutoTopUpCharger autoTopUpCharges;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry meters;

    /**
     * Counted as {@code switchboard_billing_stripe_webhooks_total{type,outcome}}: applied, duplicate (a redelivery,
     * applied before), refused (bad signature or body; type unknown). Refusals in numbers mean a wrong signing
     * secret or someone probing the endpoint.
     */
    public Received receive(String body, String signature) {
        try {
            return receiveChecked(body, signature);
        } catch (BillingException e) {
            count("unknown", "refused");
            throw e;
        }
    }

    private void count(String type, String outcome) {
        Counter.builder("switchboard.billing.stripe_webhooks").tag("type", type).tag("outcome", outcome)
                .description("Stripe webhook deliveries by event type and outcome").register(meters).increment();
    }

    private Received receiveChecked(String body, String signature) {
        String secret = config.webhookSecret().map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new BillingException(503, "Billing is not configured: no Stripe webhook secret, every event is refused",
                        Map.of("reason", "stripe_webhook_not_configured")));
        if (signature == null || signature.isBlank()) {
            throw BillingException.badRequest("Stripe-Signature", "header is missing");
        }
        Event event;
        try {
            event = Webhook.constructEvent(body == null ? "" : body, signature, secret, config.webhookTolerance().toSeconds());
        } catch (SignatureVerificationException e) {
            LOG.warnf("Stripe webhook refused: %s", e.getMessage());
            throw new BillingException(400, "Stripe-Signature: " + e.getMessage(), Map.of("field", "Stripe-Signature"));
        } catch (RuntimeException e) { // Gson could not read the signed body
            throw BillingException.badRequest("body", "is not a Stripe event");
        }
        if (event.getId() == null || event.getType() == null) {
            throw BillingException.badRequest("body", "is not a Stripe event");
        }
        LOG.infof("Stripe event %s %s", event.getId(), event.getType());
        if (QuarkusTransaction.requiringNew().call(() -> recorded(event.getId()))) {
            count(event.getType(), "duplicate");
            return new Received(true, event.getId(), true);
        }
        Object prefetched = prefetch(event);
        boolean applied = QuarkusTransaction.requiringNew().call(() -> {
            if (!record(event)) {
                return false;
            }
            apply(event, prefetched);
            return true;
        });
        if (!applied) {
            LOG.debugf("Stripe event %s was already applied", event.getId());
        }
        count(event.getType(), applied ? "applied" : "duplicate");
        return new Received(true, event.getId(), !applied);
    }

    /** Reads from Stripe what applying the event needs, outside the transaction. */
    private Object prefetch(Event event) {
        return switch (event.getType()) {
            case "checkout.session.completed" -> {
                Session session = object(event, Session.class);
                yield "setup".equals(session.getMode()) && session.getSetupIntent() != null ? stripe.savedCard(session.getSetupIntent()) : null;
            }
            case "charge.refunded" -> stripe.refundsOf(object(event, Charge.class));
            default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    private void apply(Event event, Object prefetched) {
        switch (event.getType()) {
            case "checkout.session.completed" -> {
                Session session = object(event, Session.class);
                if (prefetched instanceof StripeGateway.SavedCard card) {
                    autoTopUps.cardSaved(session, card);
                } else {
                    checkout.completed(session);
                }
            }
            case "checkout.session.async_payment_succeeded" -> checkout.asyncSucceeded(object(event, Session.class));
            case "checkout.session.async_payment_failed" -> checkout.asyncFailed(object(event, Session.class));
            case "checkout.session.expired" -> checkout.expired(object(event, Session.class));
            case "payment_intent.succeeded" -> autoTopUpCharges.paymentIntentSucceeded(object(event, PaymentIntent.class));
            case "payment_intent.payment_failed" -> autoTopUpCharges.paymentIntentFailed(object(event, PaymentIntent.class));
            case "charge.refunded" -> refunds.chargeRefunded(object(event, Charge.class), (List<StripeGateway.RefundState>) prefetched);
            default -> LOG.debugf("Stripe event %s %s: nothing to do", event.getId(), event.getType());
        }
    }

    private boolean recorded(String eventId) {
        return !em.createNativeQuery("SELECT 1 FROM stripe_events WHERE id = ?1").setParameter(1, eventId).getResultList().isEmpty();
    }

    /** Records the event; false when it already was (by an earlier or a concurrent delivery that committed first). */
    private boolean record(Event event) {
        return em.createNativeQuery("""
                        INSERT INTO stripe_events (id, type, livemode, received_at, processed_at) VALUES (?1, ?2, ?3, now(), now())
                        ON CONFLICT (id) DO NOTHING""")
                .setParameter(1, event.getId())
                .setParameter(2, event.getType())
                .setParameter(3, Boolean.TRUE.equals(event.getLivemode()))
                .executeUpdate() == 1;
    }

    /**
     * The event's object. stripe-java deserializes it safely only when the event's API version is the library's; an
     * account pinned to another version still sends the same fields billing reads, so it is read anyway.
     */
    private static <T extends StripeObject> T object(Event event, Class<T> type) {
        EventDataObjectDeserializer data = event.getDataObjectDeserializer();
        StripeObject object = data.getObject().orElseGet(() -> {
            try {
                return data.deserializeUnsafe();
            } catch (EventDataObjectDeserializationException e) {
                throw new IllegalStateException("Stripe event " + event.getId() + " (" + event.getType() + "): unreadable object", e);
            }
        });
        if (!type.isInstance(object)) {
            throw new IllegalStateException("Stripe event " + event.getId() + " carries a " + object.getClass().getSimpleName()
                    + ", expected a " + type.getSimpleName());
        }
        return type.cast(object);
    }
}
