package dev.switchboard.billing.checkout;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.config.BillingConfig;
import dev.switchboard.billing.payments.PaymentLedger;
import dev.switchboard.billing.payments.PurchasePricing;
import dev.switchboard.billing.payments.StripeCustomers;
import dev.switchboard.billing.payments.Usd;
import dev.switchboard.billing.stripe.StripeGateway;
import dev.switchboard.billing.tenancy.OrganizationAccess;
import dev.switchboard.billing.tenancy.Tenancy;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.billing.Payment;
import dev.switchboard.schema.billing.PaymentRepository;
import dev.switchboard.schema.billing.PaymentSource;
import dev.switchboard.schema.billing.PaymentStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * Quotes and Checkout purchases. A purchase writes its {@code payments} row (pending) and commits it BEFORE Stripe is
 * called, so every Checkout Session has a row to credit and a failed call leaves a failed payment with Stripe's reason,
 * never an orphan. Stripe is called outside any transaction; the Checkout Session's idempotency key is derived from
 * the payment id. The credit itself is written by the webhook ({@link CheckoutSettlement}).
 */
@ApplicationScoped
public class CheckoutService {

    @Inject
    Tenancy tenancy;
    @Inject
    PurchasePricing pricing;
    @Inject
    StripeGateway stripe;
    @Inject
    StripeCustomers customers;
    @Inject
    PaymentRepository payments;
    @Inject
    PaymentLedger ledger;
    @Inject
    BillingConfig config;

    Clock clock = Clock.systemUTC();

    @Transactional
    public QuoteView quote(UUID organizationId, String amount) {
        tenancy.require(organizationId, MemberRole.MEMBER);
        return QuoteView.of(pricing.price("amount", Usd.parse("amount", amount)));
    }

    /** Starts a purchase: 201 with Stripe's hosted page, 502 (payment failed with the reason) when Stripe fails. */
    public CheckoutView start(UUID organizationId, CheckoutRequest request) {
        Payment payment = QuarkusTransaction.requiringNew().call(() -> {
            OrganizationAccess access = tenancy.require(organizationId, MemberRole.ADMIN);
            stripe.requireConfigured();
            if (request == null) {
                throw BillingException.badRequest("body", "must be a JSON object");
            }
            PurchasePricing.Price price = pricing.price("amount", request.amount());
            Payment row = new Payment();
            row.id = UUID.randomUUID();
            row.organizationId = organizationId;
            row.createdBy = access.userId();
            row.source = PaymentSource.CHECKOUT;
            row.creditNanos = price.creditNanos();
            row.feeNanos = price.feeNanos();
            row.currency = "usd";
            row.status = PaymentStatus.PENDING;
            row.createdAt = clock.instant();
            payments.persist(row);
            return row;
        });
        StripeGateway.CheckoutSession session;
        try {
            String customer = customers.ensure(organizationId);
            String dashboard = dashboardUrl();
            session = stripe.createPaymentSession(new StripeGateway.PaymentSession(organizationId.toString(), payment.id.toString(),
                    customer, payment.creditNanos, payment.feeNanos, Usd.cents(payment.creditNanos), Usd.cents(payment.feeNanos),
                    dashboard + "/credits?checkout=success&session_id={CHECKOUT_SESSION_ID}",
                    dashboard + "/credits?checkout=cancelled"));
        } catch (BillingException e) {
            QuarkusTransaction.requiringNew().run(() -> ledger.lock(payment.id)
                    .ifPresent(p -> ledger.fail(p, PaymentStatus.FAILED, e.getMessage())));
            throw e;
        }
        QuarkusTransaction.requiringNew().run(() -> ledger.lock(payment.id).ifPresent(p -> {
            if (p.stripeSessionId == null) {
                p.stripeSessionId = session.id();
            }
        }));
        return new CheckoutView(payment.id, session.url(), session.id(), Usd.of(payment.creditNanos), Usd.of(payment.feeNanos),
                Usd.of(payment.creditNanos + payment.feeNanos));
    }

    private String dashboardUrl() {
        String url = config.dashboardUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
