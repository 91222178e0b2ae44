package dev.switchboard.billing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Refund;
import com.stripe.model.SetupIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.SetupIntentRetrieveParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.switchboard.billing.api.BillingException;
import dev.switchboard.billing.config.StripeConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one class that holds stripe-java's client: built per instance from {@code switchboard.stripe.*} (secret key,
 * API base, timeouts, network retries), never through the global {@code Stripe.apiKey}. Every call that creates
 * something carries an idempotency key derived from our own row id, so a retry (stripe-java's, or ours after a
 * restart) returns the first answer instead of charging again. Failures become a 502 {@link BillingException}
 * carrying Stripe's reason; a card decline of an off-session charge is an answer ({@link OffSessionCharge.Declined}),
 * not a failure. Without a secret key every call answers 503: billing is not configured to sell credit.
 */
@ApplicationScoped
public class StripeGateway {

    private static final Logger LOG = Logger.getLogger(StripeGateway.class);

    @Inject
    StripeConfig config;

    /** null when no secret key is configured. */
    private StripeClient client;

    @PostConstruct
    void init() {
        StripeConfig stripe = config;
        String key = stripe.secretKey().map(String::trim).orElse("");
        if (key.isEmpty()) {
            LOG.warn("switchboard.stripe.secret-key is not set: buying credit answers 503 until it is");
            return;
        }
        int timeoutMillis = Math.toIntExact(stripe.timeout().toMillis());
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(key)
                .setConnectTimeout(timeoutMillis)
                .setReadTimeout(timeoutMillis)
                .setMaxNetworkRetries(stripe.maxNetworkRetries());
        stripe.apiBase().map(String::trim).filter(base -> !base.isEmpty()).ifPresent(base -> {
            builder.setApiBase(base);
            LOG.infof("Stripe API base: %s", base);
        });
        client = builder.build();
    }

    /** Whether a secret key is configured. */
    public boolean configured() {
        return client != null;
    }

    /** 503 unless a secret key is configured: call before writing anything for a purchase. */
    public void requireConfigured() {
        if (!configured()) {
            throw notConfigured();
        }
    }

    public static BillingException notConfigured() {
        return new BillingException(503, "Billing is not configured: this Switchboard does not sell credit (no Stripe secret key)",
                Map.of("reason", "stripe_not_configured"));
    }

    /** A Stripe customer for the organization; the idempotency key makes concurrent first purchases share one. */
    public String createCustomer(String organizationId, String organizationName) {
        CustomerCreateParams params = CustomerCreateParams.builder()
                .setName(organizationName)
                .putMetadata("organization_id", organizationId)
                .build();
        return call("create the customer", () -> client().v1().customers().create(params, idempotent("customer-" + organizationId)))
                .getId();
    }

    /** A Checkout Session in payment mode for one payment row: credit and fee as two line items. */
    public CheckoutSession createPaymentSession(PaymentSession request) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("organization_id", request.organizationId());
        metadata.put("payment_id", request.paymentId());
        metadata.put("credit_nanos", Long.toString(request.creditNanos()));
        metadata.put("fee_nanos", Long.toString(request.feeNanos()));
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setCustomer(request.customerId())
                .setClientReferenceId(request.paymentId())
                .setSuccessUrl(request.successUrl())
                .setCancelUrl(request.cancelUrl())
                .addLineItem(lineItem("Switchboard credit", request.creditCents()))
                .addLineItem(lineItem("Purchase fee", request.feeCents()))
                .putAllMetadata(metadata)
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putAllMetadata(metadata)
                        .build())
                .build();
        Session session = call("create the Checkout Session",
                () -> client().v1().checkout().sessions().create(params, idempotent("checkout-" + request.paymentId())));
        return new CheckoutSession(session.getId(), session.getUrl());
    }

    /** A Checkout Session in setup mode: the buyer saves a card for auto top-up, nothing is charged. */
    public CheckoutSession createSetupSession(String organizationId, String customerId, String successUrl, String cancelUrl,
                                              String idempotencyKey) {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SETUP)
                .setCurrency("usd")
                .addPaymentMethodType(SessionCreateParams.PaymentMethodType.CARD)
                .setCustomer(customerId)
                .setClientReferenceId(organizationId)
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .putMetadata("organization_id", organizationId)
                .putMetadata("purpose", "auto_topup_card")
                .setSetupIntentData(SessionCreateParams.SetupIntentData.builder()
                        .putMetadata("organization_id", organizationId)
                        .build())
                .build();
        Session session = call("create the card setup session",
                () -> client().v1().checkout().sessions().create(params, idempotent(idempotencyKey)));
        return new CheckoutSession(session.getId(), session.getUrl());
    }

    /** The card a completed setup saved: its PaymentMethod id, brand and last four digits. */
    public SavedCard savedCard(String setupIntentId) {
        SetupIntent intent = call("read the SetupIntent", () -> client().v1().setupIntents().retrieve(setupIntentId,
                SetupIntentRetrieveParams.builder().addExpand("payment_method").build(), RequestOptions.getDefault()));
        PaymentMethod method = intent.getPaymentMethodObject();
        if (method == null && intent.getPaymentMethod() != null) {
            method = call("read the PaymentMethod", () -> client().v1().paymentMethods().retrieve(intent.getPaymentMethod()));
        }
        if (method == null) {
            return new SavedCard(intent.getId(), intent.getStatus(), intent.getCustomer(), null, null, null);
        }
        PaymentMethod.Card card = method.getCard();
        return new SavedCard(intent.getId(), intent.getStatus(), intent.getCustomer(), method.getId(),
                card == null ? method.getType() : card.getBrand(), card == null ? null : card.getLast4());
    }

    /**
     * Charges a saved card without the buyer present (auto top-up): a PaymentIntent created and confirmed at once. A
     * decline is answered; any other failure (network, Stripe down) throws, and the outcome is then unknown: repeat
     * the call with the same request (same idempotency key) to learn it.
     */
    public OffSessionCharge chargeOffSession(OffSessionPayment request) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(request.amountCents())
                .setCurrency("usd")
                .setCustomer(request.customerId())
                .setPaymentMethod(request.paymentMethodId())
                .setConfirm(true)
                .setOffSession(true)
                .setDescription("Switchboard auto top-up")
                .putMetadata("organization_id", request.organizationId())
                .putMetadata("payment_id", request.paymentId())
                .putMetadata("purpose", "auto_topup")
                .putMetadata("credit_nanos", Long.toString(request.creditNanos()))
                .putMetadata("fee_nanos", Long.toString(request.feeNanos()))
                .build();
        try {
            PaymentIntent intent = client().v1().paymentIntents().create(params, idempotent("auto-topup-" + request.paymentId()));
            return new OffSessionCharge.Answered(intent.getId(), intent.getStatus(), lastError(intent));
        } catch (CardException e) {
            PaymentIntent intent = e.getStripeError() == null ? null : e.getStripeError().getPaymentIntent();
            return new OffSessionCharge.Declined(intent == null ? null : intent.getId(), reason(e), e.getCode(), e.getDeclineCode());
        } catch (StripeException e) {
            throw failure("charge the saved card", e);
        }
    }

    /** A PaymentIntent's current state (after a restart, to settle a top-up whose answer was lost). */
    public OffSessionCharge.Answered paymentIntent(String id) {
        PaymentIntent intent = call("read the PaymentIntent", () -> client().v1().paymentIntents().retrieve(id));
        return new OffSessionCharge.Answered(intent.getId(), intent.getStatus(), lastError(intent));
    }

    /** Refunds part of a payment's charge; the idempotency key is our refund row's id. */
    public RefundState createRefund(String refundRowId, String paymentId, String organizationId, String paymentIntentId, long amountCents) {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .setAmount(amountCents)
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putMetadata("organization_id", organizationId)
                .putMetadata("payment_id", paymentId)
                .putMetadata("refund_request_id", refundRowId)
                .build();
        Refund refund = call("create the refund", () -> client().v1().refunds().create(params, idempotent("refund-" + refundRowId)));
        return RefundState.of(refund);
    }

    /** Every refund of a charge: the charge.refunded event carries them only with older API versions. */
    public List<RefundState> refundsOf(Charge charge) {
        if (charge.getRefunds() != null && charge.getRefunds().getData() != null
                && !Boolean.TRUE.equals(charge.getRefunds().getHasMore())) {
            return charge.getRefunds().getData().stream().map(RefundState::of).toList();
        }
        List<RefundState> refunds = new ArrayList<>();
        RefundListParams params = RefundListParams.builder().setCharge(charge.getId()).setLimit(100L).build();
        for (Refund refund : call("list the charge's refunds", () -> client().v1().refunds().list(params)).autoPagingIterable()) {
            refunds.add(RefundState.of(refund));
        }
        return refunds;
    }

    private StripeClient client() {
        requireConfigured();
        return client;
    }

    private static SessionCreateParams.LineItem lineItem(String name, long cents) {
        return SessionCreateParams.LineItem.builder()
                .setQuantity(1L)
                .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                        .setCurrency("usd")
                        .setUnitAmount(cents)
                        .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(name).build())
                        .build())
                .build();
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    private static String lastError(PaymentIntent intent) {
        return intent.getLastPaymentError() == null ? null : intent.getLastPaymentError().getMessage();
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T call() throws StripeException;
    }

    private static <T> T call(String what, StripeCall<T> call) {
        try {
            return call.call();
        } catch (StripeException e) {
            throw failure(what, e);
        }
    }

    /** 502 with Stripe's reason: its message (Stripe masks keys in it), code, HTTP status and request id. */
    static BillingException failure(String what, StripeException e) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("provider", "stripe");
        if (e.getStatusCode() != null && e.getStatusCode() > 0) {
            metadata.put("stripe_status", e.getStatusCode());
        }
        if (e.getCode() != null) {
            metadata.put("stripe_code", e.getCode());
        }
        if (e.getRequestId() != null) {
            metadata.put("stripe_request_id", e.getRequestId());
        }
        String message = e instanceof ApiConnectionException
                ? "Stripe could not be reached to " + what + ": " + reason(e)
                : "Stripe failed to " + what + ": " + reason(e);
        LOG.warnf("%s (%s)", message, metadata);
        return new BillingException(502, message, metadata);
    }

    /** Stripe's own message, without the request id stripe-java appends (it goes into the metadata). */
    static String reason(StripeException e) {
        if (e.getStripeError() != null && e.getStripeError().getMessage() != null) {
            return e.getStripeError().getMessage();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int requestId = message.indexOf("; request-id:");
        return requestId > 0 ? message.substring(0, requestId) : message;
    }

    /** What {@link #createPaymentSession} needs: ids as text, amounts in nano-USD and (exact) cents. */
    public record PaymentSession(String organizationId, String paymentId, String customerId, long creditNanos, long feeNanos,
                                 long creditCents, long feeCents, String successUrl, String cancelUrl) {
    }

    /** What {@link #chargeOffSession} needs. */
    public record OffSessionPayment(String organizationId, String paymentId, String customerId, String paymentMethodId,
                                    long creditNanos, long feeNanos, long amountCents) {
    }

    public record CheckoutSession(String id, String url) {
    }

    /** A completed SetupIntent's card; {@code paymentMethodId} null when it saved none. */
    public record SavedCard(String setupIntentId, String status, String customerId, String paymentMethodId, String brand, String last4) {
    }

    /** A Stripe refund as far as billing cares. */
    public record RefundState(String id, long amountCents, String status, String paymentIntentId, Map<String, String> metadata,
                              String failureReason) {
        static RefundState of(Refund refund) {
            return new RefundState(refund.getId(), refund.getAmount() == null ? 0 : refund.getAmount(), refund.getStatus(),
                    refund.getPaymentIntent(), refund.getMetadata() == null ? Map.of() : refund.getMetadata(),
                    refund.getFailureReason());
        }
    }

    /** The answer to an off-session charge. */
    public sealed interface OffSessionCharge {
        /** Stripe took the PaymentIntent: {@code status} succeeded, processing, requires_action, … */
        record Answered(String paymentIntentId, String status, String lastError) implements OffSessionCharge {
        }

        /** The card was declined (Stripe's 402 card_error); {@code message} is Stripe's, fit to show. */
        record Declined(String paymentIntentId, String message, String code, String declineCode) implements OffSessionCharge {
        }
    }
}
