package dev.switchboard.billing.autotopup;

import com.stripe.model.checkout.Session;
import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.config.BillingConfig;
import dev.switchboard.billing.payments.PurchasePricing;
import dev.switchboard.billing.payments.StripeCustomers;
import dev.switchboard.billing.payments.Usd;
import dev.switchboard.billing.stripe.StripeGateway;
import dev.switchboard.billing.tenancy.Tenancy;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.billing.AutoTopUp;
import dev.switchboard.schema.billing.Payment;
import dev.switchboard.schema.billing.PaymentSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * An organization's auto top-up settings and saved card (owner or admin). Enabling needs a saved card (409 without
 * one); the card is saved through a setup-mode Checkout Session whose completion arrives by webhook
 * ({@link #cardSaved}). Charging is {@link AutoTopUpCharger}'s.
 */
@ApplicationScoped
public class AutoTopUpService {

    private static final Logger LOG = Logger.getLogger(AutoTopUpService.class);

    @Inject
    Tenancy tenancy;
    @Inject
    PurchasePricing pricing;
    @Inject
    StripeGateway stripe;
    @Inject
    StripeCustomers customers;
    @Inject
    AutoTopUpTrigger trigger;
    @Inject
    BillingConfig config;
    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    @Transactional
    public AutoTopUpView get(UUID organizationId) {
        tenancy.require(organizationId, MemberRole.ADMIN);
        return view(organizationId, em.find(AutoTopUp.class, organizationId));
    }

    /** Replaces the settings; when enabled and the balance is already below the threshold, a top-up follows at once. */
    public AutoTopUpView update(UUID organizationId, UpdateAutoTopUpRequest request) {
        AutoTopUpView view = QuarkusTransaction.requiringNew().call(() -> {
            tenancy.require(organizationId, MemberRole.ADMIN);
            if (request == null) {
                throw BillingException.badRequest("body", "must be a JSON object");
            }
            if (request.enabled() == null) {
                throw BillingException.badRequest("enabled", "is required (true or false)");
            }
            long threshold = threshold(request.threshold());
            long amount = pricing.checkedCreditNanos("amount", request.amount());
            if (request.enabled()) {
                stripe.requireConfigured();
            }
            AutoTopUp row = em.find(AutoTopUp.class, organizationId, LockModeType.PESSIMISTIC_WRITE);
            if (request.enabled() && (row == null || row.stripePaymentMethodId == null)) {
                throw BillingException.conflict("Save a card first (POST /organizations/" + organizationId + "/auto-topup/card)",
                        Map.of("reason", "no_saved_card"));
            }
            if (row == null) {
                row = newRow(organizationId);
                em.persist(row);
            }
            if (request.enabled() && !row.enabled) {
                row.lastError = null; // switched on again: the last decline is history
            }
            row.enabled = request.enabled();
            row.thresholdNanos = threshold;
            row.amountNanos = amount;
            row.updatedAt = clock.instant();
            return view(organizationId, row);
        });
        if (view.enabled()) {
            trigger.check(organizationId);
        }
        return view;
    }

    /** Starts saving a card: a setup-mode Checkout Session for the organization's Stripe customer. */
    public CardSetupView startCardSetup(UUID organizationId) {
        QuarkusTransaction.requiringNew().run(() -> {
            tenancy.require(organizationId, MemberRole.ADMIN);
            stripe.requireConfigured();
        });
        String customer = customers.ensure(organizationId);
        String dashboard = config.dashboardUrl().replaceAll("/+$", "");
        StripeGateway.CheckoutSession session = stripe.createSetupSession(organizationId.toString(), customer,
                dashboard + "/credits?auto_topup=card_saved&session_id={CHECKOUT_SESSION_ID}",
                dashboard + "/credits?auto_topup=cancelled", "card-setup-" + UUID.randomUUID());
        return new CardSetupView(session.url(), session.id());
    }

    /**
     * {@code checkout.session.completed} in setup mode (webhook transaction): the saved card becomes the one auto
     * top-ups charge. Only for a session of the organization's own Stripe customer.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cardSaved(Session session, StripeGateway.SavedCard card) {
        String organization = session.getMetadata() == null ? null : session.getMetadata().get("organization_id");
        Optional<UUID> owner = session.getCustomer() == null ? Optional.empty() : customers.organizationOf(session.getCustomer());
        if (owner.isEmpty() || !owner.get().toString().equals(organization)) {
            LOG.warnf("setup session %s (customer %s) is no card setup of ours; ignored", session.getId(), session.getCustomer());
            return;
        }
        if (card.paymentMethodId() == null || !"succeeded".equals(card.status())) {
            LOG.warnf("setup session %s: SetupIntent %s is %s without a payment method; no card saved",
                    session.getId(), card.setupIntentId(), card.status());
            return;
        }
        UUID organizationId = owner.get();
        AutoTopUp row = em.find(AutoTopUp.class, organizationId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = newRow(organizationId);
            em.persist(row);
        }
        row.stripePaymentMethodId = card.paymentMethodId();
        row.cardBrand = card.brand();
        row.cardLast4 = card.last4() != null && card.last4().matches("[0-9]{4}") ? card.last4() : null;
        row.updatedAt = clock.instant();
        LOG.infof("organization %s saved a card for auto top-up (%s)", organizationId, card.brand());
    }

    private AutoTopUp newRow(UUID organizationId) {
        AutoTopUp row = new AutoTopUp();
        row.organizationId = organizationId;
        row.enabled = false;
        // placeholders until the first PUT: the smallest purchase, below the same amount
        row.thresholdNanos = Usd.wholeCents("threshold", pricing.minimumUsd());
        row.amountNanos = Usd.wholeCents("amount", pricing.minimumUsd());
        row.updatedAt = clock.instant();
        return row;
    }

    private AutoTopUpView view(UUID organizationId, AutoTopUp row) {
        Payment last = em.createQuery("""
                        SELECT p FROM Payment p WHERE p.organizationId = :organization
                          AND p.source = :source
                        ORDER BY p.createdAt DESC, p.id""", Payment.class)
                .setParameter("organization", organizationId).setParameter("source", PaymentSource.AUTO_TOPUP).setMaxResults(1).getResultStream().findFirst().orElse(null);
        return AutoTopUpView.of(row, last);
    }

    private static long threshold(BigDecimal usd) {
        if (usd == null) {
            throw BillingException.badRequest("threshold", "is required (USD, e.g. 10)");
        }
        if (usd.signum() == 0) {
            return 0;
        }
        if (usd.signum() < 0) {
            throw BillingException.badRequest("threshold", "must be 0 or more");
        }
        if (usd.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw BillingException.badRequest("threshold", "must be at most 1000000 USD");
        }
        return Usd.wholeCents("threshold", usd);
    }
}
