package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.stripe.StripeParams.Shape;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fake's Stripe account: its objects (customers, Checkout Sessions, PaymentIntents, charges, refunds,
 * SetupIntents, PaymentMethods, events), kept as the JSON Stripe would answer, and what every endpoint does to them.
 * Every method holds the object's lock: API requests (on the server's event loop) and test hooks (on test threads)
 * see one consistent account.
 *
 * <p>An operation validates everything before it changes anything, so a refused request leaves no trace. The events
 * it causes are collected in its {@link Call} and delivered by the caller once the answer is out.
 */
final class StripeBackend {

    /** The Stripe API version of stripe-java 33.3.0 ({@code com.stripe.Stripe.API_VERSION}). */
    static final String API_VERSION = FakeStripeServer.API_VERSION;
    static final long MAX_AMOUNT = 99_999_999;
    static final String DECLINED_MESSAGE = "Your card was declined.";

    private static final Shape CUSTOMER_CREATE = Shape.endpoint().strings("email", "name", "description", "phone")
            .with("metadata", Shape.MAP);
    static final Shape RETRIEVE = Shape.endpoint();
    private static final Shape PAYMENT_INTENT_RETRIEVE = Shape.endpoint().strings("client_secret");

    /** The events of one API request or test hook, and the request's identity for their {@code request} field. */
    static final class Call {
        final String requestId;
        final String idempotencyKey;
        final List<StripeEvent> events = new ArrayList<>();

        Call(String requestId, String idempotencyKey) {
            this.requestId = requestId;
            this.idempotencyKey = idempotencyKey;
        }

        /** Something that happened outside the API (the customer on the hosted page, Stripe itself). */
        static Call automatic() {
            return new Call(null, null);
        }
    }

    /** A saved answer for an {@code Idempotency-Key}. */
    record Idempotent(String method, String path, ObjectNode params, int status, String body, String requestId) {
    }

    final Clock clock;
    private final StripeWebhooks webhooks;
    final Supplier<String> publicUrl;
    final Map<String, ObjectNode> objects = new LinkedHashMap<>();
    final Map<String, ArrayNode> lineItems = new HashMap<>();
    /** PaymentMethods whose charges are declined, with the decline code. */
    final Map<String, String> decliningMethods = new HashMap<>();
    /** PaymentMethods used once without a customer: Stripe refuses to use them again. */
    final Set<String> consumedMethods = new HashSet<>();
    final List<StripeEvent> events = new ArrayList<>();
    final Map<String, Idempotent> idempotency = new HashMap<>();
    final StripeObjects stripeObjects = new StripeObjects(this);
    final CheckoutSessions checkoutSessions = new CheckoutSessions(this);
    final HostedCheckout hostedCheckout = new HostedCheckout(this);
    final PaymentIntents paymentIntents = new PaymentIntents(this);
    final Refunds refunds = new Refunds(this);


    StripeBackend(Clock clock, StripeWebhooks webhooks, Supplier<String> publicUrl) {
        this.clock = clock;
        this.webhooks = webhooks;
        this.publicUrl = publicUrl;
    }

    // ------------------------------------------------------------------ customers

    synchronized ObjectNode createCustomer(StripeParams params, Call call) {
        params.check(CUSTOMER_CREATE);
        StripeObjects.checkExpand("customer", params);
        String email = params.string("email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw StripeApiException.invalidRequest("Invalid email address: " + email, "email", "email_invalid");
        }
        ObjectNode customer = newCustomer(email, params.string("name"), params.string("description"),
                params.string("phone"), params.metadata("metadata"));
        event("customer.created", customer, call);
        return stripeObjects.render(customer, params);
    }

    ObjectNode newCustomer(String email, String name, String description, String phone, ObjectNode metadata) {
        ObjectNode customer = StripeObjects.newObject("customer", StripeJson.id("cus_"));
        customer.putNull("address");
        customer.put("balance", 0);
        customer.put("created", now());
        customer.putNull("currency");
        customer.putNull("default_source");
        customer.put("delinquent", false);
        customer.put("description", description);
        customer.put("email", email);
        customer.put("invoice_prefix", StripeJson.random(8).toUpperCase());
        ObjectNode invoiceSettings = customer.putObject("invoice_settings");
        invoiceSettings.putNull("custom_fields");
        invoiceSettings.putNull("default_payment_method");
        invoiceSettings.putNull("footer");
        invoiceSettings.putNull("rendering_options");
        customer.put("livemode", false);
        customer.set("metadata", metadata);
        customer.put("name", name);
        customer.put("next_invoice_sequence", 1);
        customer.put("phone", phone);
        customer.putArray("preferred_locales");
        customer.putNull("shipping");
        customer.put("tax_exempt", "none");
        customer.putNull("test_clock");
        save(customer);
        return customer;
    }

    synchronized ObjectNode retrieve(String kind, String id, StripeParams params) {
        params.check("payment_intent".equals(kind) ? PAYMENT_INTENT_RETRIEVE : RETRIEVE);
        ObjectNode object = objects.get(id);
        if (object == null || !kind.equals(object.path("object").asText())) {
            throw StripeApiException.noSuch(missingName(kind), id, "id");
        }
        return stripeObjects.render(object, params);
    }

    // ------------------------------------------------------------------ delegated to CheckoutSessions
    synchronized ObjectNode createSession(StripeParams params, Call call) {
        return checkoutSessions.createSession(params, call);
    }
    synchronized ObjectNode sessionLineItems(String id, StripeParams params) {
        return checkoutSessions.sessionLineItems(id, params);
    }
    synchronized ObjectNode expireSession(String id, StripeParams params, Call call) {
        return checkoutSessions.expireSession(id, params, call);
    }
    synchronized void expireDue(Call call) {
        checkoutSessions.expireDue(call);
    }
    synchronized ObjectNode expireNow(String id, Call call) {
        return checkoutSessions.expireNow(id, call);
    }
    // ------------------------------------------------------------------ delegated to HostedCheckout
    synchronized CheckoutPage.View pageView(String id) {
        return hostedCheckout.pageView(id);
    }
    synchronized CheckoutPayment pay(String id, String cardInput, Call call) {
        return hostedCheckout.pay(id, cardInput, call);
    }
    synchronized ObjectNode settleAsync(String id, boolean succeeded, Call call) {
        return hostedCheckout.settleAsync(id, succeeded, call);
    }
    // ------------------------------------------------------------------ delegated to PaymentIntents
    synchronized ObjectNode createPaymentIntent(StripeParams params, Call call) {
        return paymentIntents.createPaymentIntent(params, call);
    }
    synchronized void declinePaymentMethod(String id) {
        paymentIntents.declinePaymentMethod(id);
    }
    // ------------------------------------------------------------------ delegated to Refunds
    synchronized ObjectNode createRefund(StripeParams params, Call call) {
        return refunds.createRefund(params, call);
    }

    void save(ObjectNode object) {
        objects.put(object.path("id").asText(), object);
    }

    // ------------------------------------------------------------------ events

    void event(String type, ObjectNode object, Call call) {
        String id = StripeJson.id("evt_");
        ObjectNode event = StripeObjects.newObject("event", id);
        event.put("api_version", API_VERSION);
        long created = now();
        event.put("created", created);
        event.putObject("data").set("object", stripeObjects.render(object, null));
        event.put("livemode", false);
        event.put("pending_webhooks", webhooks.route(id, type));
        ObjectNode request = event.putObject("request");
        request.put("id", call.requestId);
        request.put("idempotency_key", call.idempotencyKey);
        event.put("type", type);
        String body;
        try {
            // Pretty-printed like Stripe's: a receiver must verify the raw bytes, not a re-serialisation.
            body = StripeJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        StripeEvent stripeEvent = new StripeEvent(id, type, created, body, event);
        events.add(stripeEvent);
        objects.put(id, event);
        call.events.add(stripeEvent);
    }

    synchronized List<StripeEvent> events() {
        return List.copyOf(events);
    }

    synchronized StripeEvent event(String id) {
        for (StripeEvent event : events) {
            if (event.id().equals(id)) {
                return event;
            }
        }
        throw new IllegalArgumentException("no event " + id);
    }

    // ------------------------------------------------------------------ idempotency

    synchronized Idempotent idempotent(String key) {
        return idempotency.get(key);
    }

    synchronized void remember(String key, Idempotent answer) {
        idempotency.putIfAbsent(key, answer);
    }

    // ------------------------------------------------------------------ lookups for tests

    synchronized List<JsonNode> all(String type) {
        List<JsonNode> out = new ArrayList<>();
        for (ObjectNode object : objects.values()) {
            if (type.equals(object.path("object").asText())) {
                out.add(stripeObjects.render(object, null));
            }
        }
        return out;
    }

    synchronized JsonNode find(String id) {
        ObjectNode object = objects.get(id);
        if (object == null) {
            throw new IllegalArgumentException("no Stripe object " + id);
        }
        return "event".equals(object.path("object").asText()) ? object.deepCopy() : stripeObjects.render(object, null);
    }

    synchronized void reset() {
        objects.clear();
        lineItems.clear();
        decliningMethods.clear();
        consumedMethods.clear();
        events.clear();
        idempotency.clear();
    }

    // ------------------------------------------------------------------ helpers

    ObjectNode requireParam(String kind, String id, String param) {
        ObjectNode object = objects.get(id);
        if (object == null || !kind.equals(object.path("object").asText())) {
            throw StripeApiException.noSuchParam(missingName(kind), id, param);
        }
        return object;
    }

    private static String missingName(String kind) {
        return switch (kind) {
            case "payment_method" -> "PaymentMethod";
            case "setup_intent" -> "setupintent";
            default -> kind;
        };
    }

    static String currency(String value, String param) {
        String lower = value.toLowerCase();
        if (!lower.matches("[a-z]{3}")) {
            throw StripeApiException.invalidRequest("Invalid currency: " + value + ". Stripe currently supports "
                    + "these currencies: usd, eur, gbp, … (the fake takes any three-letter code).", param, null);
        }
        return lower;
    }

    static void checkAmount(long amount, String currency, String param, boolean checkout) {
        if (amount > MAX_AMOUNT) {
            throw StripeApiException.invalidRequest("Amount must be no more than " + money(MAX_AMOUNT, currency),
                    param, "amount_too_large");
        }
        if ("usd".equals(currency) && amount < 50) {
            throw StripeApiException.invalidRequest(checkout
                    ? "The Checkout Session's total amount due must add up to at least $0.50 usd"
                    : "Amount must be at least $0.50 usd", param, "amount_too_small");
        }
    }

    static void checkUrl(String url, String param) {
        if (!url.matches("https?://[^\\s]+")) {
            throw StripeApiException.invalidRequest("Not a valid URL", param, "url_invalid");
        }
    }

    /** {@code $12.34} for dollars, {@code 12.34 EUR} for the rest. */
    static String money(long cents, String currency) {
        String amount = String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, Math.abs(cents % 100));
        return "usd".equals(currency) ? "$" + amount : amount + " " + currency.toUpperCase();
    }

    long now() {
        return clock.instant().getEpochSecond();
    }
}
