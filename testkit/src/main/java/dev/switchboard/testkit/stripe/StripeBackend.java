package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.stripe.StripeParams.Shape;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
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

    private static final long MIN_SESSION_SECONDS = 30 * 60;
    private static final long MAX_SESSION_SECONDS = 24 * 60 * 60;
    private static final long MAX_AMOUNT = 99_999_999;
    private static final String DECLINED_MESSAGE = "Your card was declined.";

    private static final Shape CUSTOMER_CREATE = Shape.endpoint().strings("email", "name", "description", "phone")
            .with("metadata", Shape.MAP);
    private static final Shape RETRIEVE = Shape.endpoint();
    private static final Shape SESSION_CREATE = Shape.endpoint()
            .strings("mode", "success_url", "cancel_url", "customer", "customer_email", "client_reference_id",
                    "currency", "customer_creation", "locale")
            .with("metadata", Shape.MAP)
            .with("expires_at", Shape.INTEGER)
            .with("payment_method_types", Shape.list(Shape.STRING))
            .with("line_items", Shape.list(Shape.object()
                    .with("price", Shape.STRING)
                    .with("quantity", Shape.INTEGER)
                    .with("price_data", Shape.object()
                            .strings("currency", "product")
                            .with("unit_amount", Shape.INTEGER)
                            .with("product_data", Shape.object().strings("name", "description")
                                    .with("metadata", Shape.MAP)))))
            .with("payment_intent_data", Shape.object().strings("description").with("metadata", Shape.MAP))
            .with("setup_intent_data", Shape.object().strings("description").with("metadata", Shape.MAP));
    private static final Shape LIST = Shape.endpoint().strings("starting_after", "ending_before")
            .with("limit", Shape.INTEGER);
    private static final Shape PAYMENT_INTENT_CREATE = Shape.endpoint()
            .strings("currency", "customer", "payment_method", "off_session", "description", "receipt_email")
            .with("amount", Shape.INTEGER)
            .with("confirm", Shape.BOOLEAN)
            .with("metadata", Shape.MAP)
            .with("payment_method_types", Shape.list(Shape.STRING));
    private static final Shape PAYMENT_INTENT_RETRIEVE = Shape.endpoint().strings("client_secret");
    private static final Shape REFUND_CREATE = Shape.endpoint().strings("payment_intent", "charge", "reason")
            .with("amount", Shape.INTEGER)
            .with("metadata", Shape.MAP);

    /** The fields each object type can expand, as in Stripe's reference. */
    private static final Map<String, Set<String>> EXPANDABLE = Map.of(
            "checkout.session", Set.of("customer", "payment_intent", "setup_intent", "line_items"),
            "payment_intent", Set.of("customer", "payment_method", "latest_charge"),
            "charge", Set.of("customer", "payment_intent", "refunds"),
            "setup_intent", Set.of("customer", "payment_method"),
            "payment_method", Set.of("customer"),
            "refund", Set.of("charge", "payment_intent"));

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

    /** A card from the hosted page's form, and what it does. */
    private record Card(String number, String declineCode, boolean declinesLater) {
    }

    private final Clock clock;
    private final StripeWebhooks webhooks;
    private final Supplier<String> publicUrl;
    private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
    private final Map<String, ArrayNode> lineItems = new HashMap<>();
    /** PaymentMethods whose charges are declined, with the decline code. */
    private final Map<String, String> decliningMethods = new HashMap<>();
    /** PaymentMethods used once without a customer: Stripe refuses to use them again. */
    private final Set<String> consumedMethods = new HashSet<>();
    private final List<StripeEvent> events = new ArrayList<>();
    private final Map<String, Idempotent> idempotency = new HashMap<>();

    StripeBackend(Clock clock, StripeWebhooks webhooks, Supplier<String> publicUrl) {
        this.clock = clock;
        this.webhooks = webhooks;
        this.publicUrl = publicUrl;
    }

    // ------------------------------------------------------------------ customers

    synchronized ObjectNode createCustomer(StripeParams params, Call call) {
        params.check(CUSTOMER_CREATE);
        checkExpand("customer", params);
        String email = params.string("email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw StripeApiException.invalidRequest("Invalid email address: " + email, "email", "email_invalid");
        }
        ObjectNode customer = newCustomer(email, params.string("name"), params.string("description"),
                params.string("phone"), params.metadata("metadata"));
        event("customer.created", customer, call);
        return render(customer, params);
    }

    private ObjectNode newCustomer(String email, String name, String description, String phone, ObjectNode metadata) {
        ObjectNode customer = newObject("customer", StripeJson.id("cus_"));
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
        return render(object, params);
    }

    // ------------------------------------------------------------------ Checkout Sessions

    synchronized ObjectNode createSession(StripeParams params, Call call) {
        params.check(SESSION_CREATE);
        checkExpand("checkout.session", params);
        String mode = params.required("mode");
        if (!mode.equals("payment") && !mode.equals("setup") && !mode.equals("subscription")) {
            throw StripeApiException.invalidChoice("mode", "payment", "setup", "subscription");
        }
        if (mode.equals("subscription")) {
            throw StripeApiException.invalidRequest("The fake Stripe has no recurring prices: mode=subscription is "
                    + "not supported.", "mode", null);
        }
        String successUrl = params.required("success_url");
        checkUrl(successUrl, "success_url");
        String cancelUrl = params.string("cancel_url");
        if (cancelUrl != null) {
            checkUrl(cancelUrl, "cancel_url");
        }
        String customerId = params.string("customer");
        String customerEmail = params.string("customer_email");
        if (customerId != null && customerEmail != null) {
            throw StripeApiException.invalidRequest("You may only specify one of these parameters: customer, "
                    + "customer_email.", "customer_email", null);
        }
        if (customerId != null) {
            requireParam("customer", customerId, "customer");
        }
        List<String> methodTypes = params.strings("payment_method_types");
        for (int i = 0; i < methodTypes.size(); i++) {
            String type = methodTypes.get(i);
            if (!type.equals("card") && !type.equals("us_bank_account")) {
                throw StripeApiException.invalidRequest("The payment method type provided: " + type + " is invalid. "
                        + "The fake Stripe supports card and us_bank_account.", "payment_method_types[" + i + "]",
                        "payment_method_invalid_parameter");
            }
        }
        if (methodTypes.isEmpty()) {
            methodTypes = List.of("card");
        }
        String customerCreation = params.string("customer_creation");
        if (customerCreation != null && !customerCreation.equals("always") && !customerCreation.equals("if_required")) {
            throw StripeApiException.invalidChoice("customer_creation", "always", "if_required");
        }
        long created = now();
        Long expiresAt = params.integer("expires_at");
        if (expiresAt != null && expiresAt < created + MIN_SESSION_SECONDS) {
            throw StripeApiException.invalidRequest("The `expires_at` timestamp must be at least 30 minutes from "
                    + "Checkout Session creation.", "expires_at", null);
        }
        if (expiresAt != null && expiresAt > created + MAX_SESSION_SECONDS) {
            throw StripeApiException.invalidRequest("The `expires_at` timestamp must be less than 24 hours from "
                    + "Checkout Session creation.", "expires_at", null);
        }
        String currency = params.string("currency");
        if (currency != null) {
            currency = currency(currency, "currency");
        }

        String id = StripeJson.id("cs_test_");
        ArrayNode items = StripeJson.array();
        long total = 0;
        if (mode.equals("payment")) {
            if (params.has("setup_intent_data")) {
                throw StripeApiException.invalidRequest("You can not pass `setup_intent_data` in `payment` mode.",
                        "setup_intent_data", null);
            }
            JsonNode lines = params.node("line_items");
            if (lines.isMissingNode() || lines.size() == 0) {
                throw StripeApiException.invalidRequest("`line_items` is required in `payment` mode.", "line_items",
                        "parameter_missing");
            }
            for (int i = 0; i < lines.size(); i++) {
                ObjectNode item = lineItem(lines.get(i), "line_items[" + i + "]", created);
                if (currency == null) {
                    currency = item.path("currency").asText();
                } else if (!currency.equals(item.path("currency").asText())) {
                    throw StripeApiException.invalidRequest("All line items must have the same currency (and match "
                            + "`currency` if given).", "line_items[" + i + "][price_data][currency]", null);
                }
                // Capped so that no sum overflows: anything above the maximum is refused below.
                total = Math.min(total + Math.min(item.path("amount_total").asLong(), MAX_AMOUNT + 1),
                        MAX_AMOUNT + 1);
                items.add(item);
            }
            checkAmount(total, currency, "line_items", true);
        } else {
            for (String forbidden : List.of("line_items", "payment_intent_data")) {
                if (params.has(forbidden)) {
                    throw StripeApiException.invalidRequest("You can not pass `" + forbidden + "` in `setup` mode.",
                            forbidden, null);
                }
            }
            if (currency == null && !params.has("payment_method_types")) {
                throw StripeApiException.invalidRequest("Missing required param: currency. In `setup` mode, "
                        + "`currency` is required when `payment_method_types` is not set.", "currency",
                        "parameter_missing");
            }
        }

        ObjectNode session = newObject("checkout.session", id);
        session.putNull("after_expiration");
        session.putNull("allow_promotion_codes");
        if (mode.equals("payment")) {
            session.put("amount_subtotal", total);
            session.put("amount_total", total);
        } else {
            session.putNull("amount_subtotal");
            session.putNull("amount_total");
        }
        ObjectNode automaticTax = session.putObject("automatic_tax");
        automaticTax.put("enabled", false);
        automaticTax.putNull("liability");
        automaticTax.putNull("status");
        session.putNull("billing_address_collection");
        session.put("cancel_url", cancelUrl);
        session.put("client_reference_id", params.string("client_reference_id"));
        session.putNull("client_secret");
        session.putNull("consent");
        session.putNull("consent_collection");
        session.put("created", created);
        session.put("currency", currency);
        session.putArray("custom_fields");
        ObjectNode customText = session.putObject("custom_text");
        customText.putNull("after_submit");
        customText.putNull("shipping_address");
        customText.putNull("submit");
        customText.putNull("terms_of_service_acceptance");
        session.put("customer", customerId);
        session.put("customer_creation", customerId != null ? null
                : customerCreation != null ? customerCreation : mode.equals("payment") ? "if_required" : "always");
        session.putNull("customer_details");
        session.put("customer_email", customerEmail);
        session.putArray("discounts");
        session.put("expires_at", expiresAt != null ? expiresAt : created + MAX_SESSION_SECONDS);
        session.putNull("invoice");
        session.put("livemode", false);
        session.put("locale", params.string("locale"));
        session.set("metadata", params.metadata("metadata"));
        session.put("mode", mode);
        session.putNull("payment_intent");
        session.putNull("payment_link");
        session.put("payment_method_collection", "if_required");
        session.putObject("payment_method_options");
        ArrayNode types = session.putArray("payment_method_types");
        methodTypes.forEach(types::add);
        session.put("payment_status", mode.equals("payment") ? "unpaid" : "no_payment_required");
        session.putObject("phone_number_collection").put("enabled", false);
        session.putNull("recovered_from");
        session.putNull("setup_intent");
        session.putNull("shipping_address_collection");
        session.putNull("shipping_cost");
        session.putArray("shipping_options");
        session.put("status", "open");
        session.putNull("submit_type");
        session.putNull("subscription");
        session.put("success_url", successUrl);
        ObjectNode totals = session.putObject("total_details");
        totals.put("amount_discount", 0);
        totals.put("amount_shipping", 0);
        totals.put("amount_tax", 0);
        session.put("ui_mode", "hosted");
        session.put("url", publicUrl.get() + "/pay/" + id);

        // What the session will do once paid, kept outside its JSON as Stripe keeps it outside the Session object.
        ObjectNode internal = StripeJson.object();
        internal.set("payment_intent_metadata", params.metadata("payment_intent_data", "metadata"));
        internal.put("payment_intent_description", params.string("payment_intent_data", "description"));
        session.set("__internal", internal);

        if (mode.equals("setup")) {
            // Stripe creates the SetupIntent of a setup-mode session with the session.
            ObjectNode setupIntent = newSetupIntent(customerId, params.metadata("setup_intent_data", "metadata"),
                    params.string("setup_intent_data", "description"), methodTypes);
            session.put("setup_intent", setupIntent.path("id").asText());
            event("setup_intent.created", setupIntent, call);
        }
        save(session);
        lineItems.put(id, items);
        return render(session, params);
    }

    private ObjectNode lineItem(JsonNode line, String name, long created) {
        if (line.has("price") && !line.path("price").asText().isEmpty()) {
            throw StripeApiException.noSuchParam("price", line.path("price").asText(), name + "[price]");
        }
        JsonNode priceData = line.path("price_data");
        if (priceData.isMissingNode()) {
            throw StripeApiException.invalidRequest("You must specify either `price` or `price_data` in "
                    + name + ".", name + "[price_data]", "parameter_missing");
        }
        Long quantity = StripeParams.integer(line.path("quantity"));
        if (quantity == null) {
            throw StripeApiException.missing(name + "[quantity]");
        }
        if (quantity < 1) {
            throw StripeApiException.invalidRequest("This value must be greater than or equal to 1.",
                    name + "[quantity]", null);
        }
        String currencyText = StripeParams.string(priceData.path("currency"));
        if (currencyText == null) {
            throw StripeApiException.missing(name + "[price_data][currency]");
        }
        String currency = currency(currencyText, name + "[price_data][currency]");
        Long unitAmount = StripeParams.integer(priceData.path("unit_amount"));
        if (unitAmount == null) {
            throw StripeApiException.missing(name + "[price_data][unit_amount]");
        }
        if (unitAmount < 0) {
            throw StripeApiException.invalidRequest("This value must be greater than or equal to 0.",
                    name + "[price_data][unit_amount]", null);
        }
        String product = StripeParams.string(priceData.path("product"));
        if (product != null) {
            throw StripeApiException.noSuchParam("product", product, name + "[price_data][product]");
        }
        String productName = StripeParams.string(priceData.path("product_data").path("name"));
        if (productName == null) {
            throw StripeApiException.missing(name + "[price_data][product_data][name]");
        }
        long amount;
        try {
            amount = Math.multiplyExact(unitAmount, quantity);
        } catch (ArithmeticException e) {
            amount = Long.MAX_VALUE; // refused as too large with the total below
        }
        ObjectNode item = newObject("item", StripeJson.id("li_"));
        item.put("amount_discount", 0);
        item.put("amount_subtotal", amount);
        item.put("amount_tax", 0);
        item.put("amount_total", amount);
        item.put("currency", currency);
        item.put("description", productName);
        ObjectNode price = item.putObject("price");
        price.put("id", StripeJson.id("price_"));
        price.put("object", "price");
        price.put("active", false);
        price.put("billing_scheme", "per_unit");
        price.put("created", created);
        price.put("currency", currency);
        price.put("livemode", false);
        price.putNull("lookup_key");
        price.putObject("metadata");
        price.putNull("nickname");
        price.put("product", StripeJson.id("prod_"));
        price.putNull("recurring");
        price.put("tax_behavior", "unspecified");
        price.putNull("tiers_mode");
        price.putNull("transform_quantity");
        price.put("type", "one_time");
        price.put("unit_amount", unitAmount);
        price.put("unit_amount_decimal", String.valueOf(unitAmount));
        item.put("quantity", quantity);
        return item;
    }

    synchronized ObjectNode sessionLineItems(String id, StripeParams params) {
        params.check(LIST);
        session(id);
        return list(lineItems.getOrDefault(id, StripeJson.array()), "/v1/checkout/sessions/" + id + "/line_items");
    }

    synchronized ObjectNode expireSession(String id, StripeParams params, Call call) {
        params.check(RETRIEVE);
        checkExpand("checkout.session", params);
        ObjectNode session = session(id);
        String status = session.path("status").asText();
        if (!status.equals("open")) {
            throw StripeApiException.invalidRequest("Only Checkout Sessions with a status in [\"open\"] can be "
                    + "expired. This Checkout Session has a status of \"" + status + "\".", null, null);
        }
        expire(session, call);
        return render(session, params);
    }

    /** The session, expired first if its time is up (Stripe expires them in the background). */
    private ObjectNode session(String id) {
        ObjectNode session = objects.get(id);
        if (session == null || !"checkout.session".equals(session.path("object").asText())) {
            throw StripeApiException.noSuch("checkout.session", id, "session");
        }
        return session;
    }

    private void expire(ObjectNode session, Call call) {
        session.put("status", "expired");
        session.putNull("url");
        String setupIntentId = session.path("setup_intent").textValue();
        if (setupIntentId != null) {
            ObjectNode setupIntent = objects.get(setupIntentId);
            setupIntent.put("status", "canceled");
            setupIntent.put("cancellation_reason", "abandoned");
        }
        event("checkout.session.expired", session, call);
    }

    /** Expires the open sessions whose {@code expires_at} has passed; the events are in the call. */
    synchronized void expireDue(Call call) {
        long now = now();
        for (ObjectNode object : List.copyOf(objects.values())) {
            if ("checkout.session".equals(object.path("object").asText())
                    && "open".equals(object.path("status").asText()) && object.path("expires_at").asLong() <= now) {
                expire(object, call);
            }
        }
    }

    /** {@link FakeStripeServer#expire(String)}: expires an open session now. */
    synchronized ObjectNode expireNow(String id, Call call) {
        ObjectNode session = hookSession(id);
        if (!"open".equals(session.path("status").asText())) {
            throw new IllegalStateException("session " + id + " is " + session.path("status").asText());
        }
        expire(session, call);
        return render(session, null);
    }

    // ------------------------------------------------------------------ the hosted page

    /** What {@code GET /pay/{id}} shows: the session and its line items, or null for an unknown session. */
    synchronized CheckoutPage.View pageView(String id) {
        ObjectNode session = objects.get(id);
        if (session == null || !"checkout.session".equals(session.path("object").asText())) {
            return null;
        }
        return new CheckoutPage.View(render(session, null), lineItems.getOrDefault(id, StripeJson.array()).deepCopy());
    }

    /** The Pay / Save card button, with a card number or {@code async}. */
    synchronized CheckoutPayment pay(String id, String cardInput, Call call) {
        ObjectNode session = hookSession(id);
        if (!"open".equals(session.path("status").asText())) {
            return new CheckoutPayment(CheckoutPayment.Outcome.NOT_OPEN, "This Checkout Session is no longer "
                    + "active (it is " + session.path("status").asText() + ").", null, render(session, null));
        }
        boolean setup = "setup".equals(session.path("mode").asText());
        String input = cardInput == null ? "" : cardInput.replace(" ", "").trim();
        if (input.equals(TestCards.ASYNC) && !setup) {
            return payAsync(session, call);
        }
        Card card = card(input);
        if (card == null) {
            return new CheckoutPayment(CheckoutPayment.Outcome.DECLINED, "Your card number is incorrect.", null,
                    render(session, null));
        }
        boolean declinedNow = card.declineCode() != null && !(setup && card.declinesLater());
        if (declinedNow) {
            String message = "insufficient_funds".equals(card.declineCode()) ? "Your card has insufficient funds."
                    : DECLINED_MESSAGE;
            return new CheckoutPayment(CheckoutPayment.Outcome.DECLINED, message, null, render(session, null));
        }
        String email = customerEmail(session);
        if (setup) {
            completeSetup(session, card, email, call);
        } else {
            completePayment(session, card, email, call);
        }
        return new CheckoutPayment(CheckoutPayment.Outcome.COMPLETED, null, redirectUrl(session),
                render(session, null));
    }

    private static Card card(String number) {
        return switch (number) {
            case TestCards.VISA, "4000056655665556", "4012888888881881" -> new Card(number, null, false);
            case TestCards.DECLINED -> new Card(number, "generic_decline", false);
            case TestCards.INSUFFICIENT_FUNDS -> new Card(number, "insufficient_funds", false);
            case TestCards.ATTACH_THEN_DECLINE -> new Card(number, "generic_decline", true);
            default -> null;
        };
    }

    private void completePayment(ObjectNode session, Card card, String email, Call call) {
        ObjectNode internal = (ObjectNode) session.path("__internal");
        ObjectNode method = newCardMethod(card.number(), null, email);
        ObjectNode intent = newPaymentIntent(session.path("amount_total").asLong(),
                session.path("currency").asText(), session.path("customer").textValue(),
                internal.path("payment_intent_description").textValue(), internal.path("payment_intent_metadata"),
                method, "card");
        if (session.path("customer").isNull()) {
            consumedMethods.add(method.path("id").asText());
        }
        event("payment_intent.created", intent, call);
        ObjectNode charge = newCharge(intent, method, "succeeded", null);
        succeed(intent, charge);
        event("charge.succeeded", charge, call);
        event("payment_intent.succeeded", intent, call);
        complete(session, intent.path("id").asText(), "paid", email);
        event("checkout.session.completed", session, call);
    }

    private CheckoutPayment payAsync(ObjectNode session, Call call) {
        ObjectNode internal = (ObjectNode) session.path("__internal");
        String email = customerEmail(session);
        ObjectNode method = newBankMethod(email);
        ObjectNode intent = newPaymentIntent(session.path("amount_total").asLong(),
                session.path("currency").asText(), session.path("customer").textValue(),
                internal.path("payment_intent_description").textValue(), internal.path("payment_intent_metadata"),
                method, "us_bank_account");
        event("payment_intent.created", intent, call);
        ObjectNode charge = newCharge(intent, method, "pending", null);
        intent.put("status", "processing");
        intent.put("latest_charge", charge.path("id").asText());
        event("charge.pending", charge, call);
        event("payment_intent.processing", intent, call);
        complete(session, intent.path("id").asText(), "unpaid", email);
        event("checkout.session.completed", session, call);
        return new CheckoutPayment(CheckoutPayment.Outcome.COMPLETED, null, redirectUrl(session),
                render(session, null));
    }

    /** {@link FakeStripeServer#settleAsync(String, boolean)}: the bank payment of an async session clears or fails. */
    synchronized ObjectNode settleAsync(String id, boolean succeeded, Call call) {
        ObjectNode session = hookSession(id);
        ObjectNode intent = objects.get(session.path("payment_intent").textValue());
        if (!"complete".equals(session.path("status").asText()) || intent == null
                || !"processing".equals(intent.path("status").asText())) {
            throw new IllegalStateException("session " + id + " has no delayed payment waiting to settle (status "
                    + session.path("status").asText() + ", payment_status " + session.path("payment_status").asText()
                    + ")");
        }
        ObjectNode charge = objects.get(intent.path("latest_charge").asText());
        if (succeeded) {
            succeed(intent, charge);
            session.put("payment_status", "paid");
            event("charge.succeeded", charge, call);
            event("payment_intent.succeeded", intent, call);
            event("checkout.session.async_payment_succeeded", session, call);
        } else {
            fail(charge, "insufficient_funds", null,
                    "The customer's account has insufficient funds to cover this payment.");
            ObjectNode error = StripeJson.object();
            error.put("charge", charge.path("id").asText());
            error.put("code", "insufficient_funds");
            error.put("message", "The customer's account has insufficient funds to cover this payment.");
            error.set("payment_method", objects.get(intent.path("payment_method").asText()).deepCopy());
            error.put("type", "invalid_request_error");
            intent.set("last_payment_error", error);
            intent.putNull("payment_method");
            intent.put("status", "requires_payment_method");
            event("charge.failed", charge, call);
            event("payment_intent.payment_failed", intent, call);
            event("checkout.session.async_payment_failed", session, call);
        }
        return render(session, null);
    }

    private void completeSetup(ObjectNode session, Card card, String email, Call call) {
        String customerId = session.path("customer").textValue();
        if (customerId == null) {
            // Saving a card needs a customer to attach it to: Checkout creates one.
            ObjectNode customer = newCustomer(email, null, null, null, StripeJson.object());
            customerId = customer.path("id").asText();
            session.put("customer", customerId);
            event("customer.created", customer, call);
        }
        ObjectNode method = newCardMethod(card.number(), customerId, email);
        if (card.declinesLater()) {
            decliningMethods.put(method.path("id").asText(), card.declineCode());
        }
        event("payment_method.attached", method, call);
        ObjectNode setupIntent = objects.get(session.path("setup_intent").asText());
        setupIntent.put("customer", customerId);
        setupIntent.put("payment_method", method.path("id").asText());
        setupIntent.put("status", "succeeded");
        event("setup_intent.succeeded", setupIntent, call);
        complete(session, null, "no_payment_required", email);
        event("checkout.session.completed", session, call);
    }

    private void complete(ObjectNode session, String paymentIntentId, String paymentStatus, String email) {
        session.put("status", "complete");
        session.put("payment_status", paymentStatus);
        if (paymentIntentId != null) {
            session.put("payment_intent", paymentIntentId);
        }
        session.putNull("url");
        ObjectNode details = session.putObject("customer_details");
        details.putNull("address");
        details.put("email", email);
        details.putNull("name");
        details.putNull("phone");
        details.put("tax_exempt", "none");
        details.putArray("tax_ids");
    }

    private String customerEmail(ObjectNode session) {
        String customerId = session.path("customer").textValue();
        if (customerId != null && objects.containsKey(customerId)) {
            return objects.get(customerId).path("email").textValue();
        }
        return session.path("customer_email").textValue();
    }

    private static String redirectUrl(ObjectNode session) {
        return session.path("success_url").asText().replace("{CHECKOUT_SESSION_ID}", session.path("id").asText());
    }

    private ObjectNode hookSession(String id) {
        ObjectNode session = objects.get(id);
        if (session == null || !"checkout.session".equals(session.path("object").asText())) {
            throw new IllegalArgumentException("no Checkout Session " + id);
        }
        return session;
    }

    // ------------------------------------------------------------------ PaymentIntents

    synchronized ObjectNode createPaymentIntent(StripeParams params, Call call) {
        params.check(PAYMENT_INTENT_CREATE);
        checkExpand("payment_intent", params);
        Long amount = params.integer("amount");
        if (amount == null) {
            throw StripeApiException.missing("amount");
        }
        String currency = currency(params.required("currency"), "currency");
        checkAmount(amount, currency, "amount", false);
        String customerId = params.string("customer");
        if (customerId != null) {
            requireParam("customer", customerId, "customer");
        }
        boolean confirm = Boolean.TRUE.equals(params.bool("confirm"));
        String offSession = params.string("off_session");
        if (offSession != null && !List.of("true", "false", "one_off", "recurring").contains(offSession)) {
            throw StripeApiException.invalidRequest("Invalid off_session: must be a boolean, one_off or recurring",
                    "off_session", null);
        }
        if (offSession != null && !offSession.equals("false") && !confirm) {
            throw StripeApiException.invalidRequest("You can only pass `off_session` when `confirm=true`.",
                    "off_session", null);
        }
        List<String> types = params.strings("payment_method_types");
        for (String type : types) {
            if (!type.equals("card")) {
                throw StripeApiException.invalidRequest("The fake Stripe makes PaymentIntents for cards only, not "
                        + type + ".", "payment_method_types", "payment_method_invalid_parameter");
            }
        }
        String methodId = params.string("payment_method");
        ObjectNode method = null;
        if (methodId != null) {
            method = testMethod(methodId);
            if (method == null) {
                method = objects.get(methodId);
                if (method == null || !"payment_method".equals(method.path("object").asText())) {
                    throw StripeApiException.noSuchParam("PaymentMethod", methodId, "payment_method");
                }
            }
            checkMethodUse(method, customerId);
        }
        if (confirm && method == null) {
            throw StripeApiException.invalidRequest("You cannot confirm this PaymentIntent because it's missing a "
                    + "payment method. To confirm the PaymentIntent with " + customerId + ", specify a payment method "
                    + "attached to this customer along with the customer ID.", "payment_method",
                    "payment_intent_unexpected_state");
        }

        // Validation is over: from here the request acts, and its answer is saved for its idempotency key.
        if (method != null && !objects.containsKey(method.path("id").asText())) {
            save(method);
        }
        ObjectNode intent = newPaymentIntent(amount, currency, customerId, params.string("description"),
                params.metadata("metadata"), method, "card");
        event("payment_intent.created", intent, call);
        if (!confirm) {
            intent.put("status", method == null ? "requires_payment_method" : "requires_confirmation");
            return render(intent, params);
        }
        if (method.path("customer").isNull()) {
            consumedMethods.add(method.path("id").asText());
        }
        String declineCode = decliningMethods.get(method.path("id").asText());
        if (declineCode == null) {
            ObjectNode charge = newCharge(intent, method, "succeeded", null);
            succeed(intent, charge);
            event("charge.succeeded", charge, call);
            event("payment_intent.succeeded", intent, call);
            return render(intent, params);
        }
        String message = declineCode.equals("insufficient_funds") ? "Your card has insufficient funds."
                : DECLINED_MESSAGE;
        ObjectNode charge = newCharge(intent, method, "failed", declineCode);
        fail(charge, "card_declined", declineCode, message);
        ObjectNode error = StripeJson.object();
        error.put("charge", charge.path("id").asText());
        error.put("code", "card_declined");
        error.put("decline_code", declineCode);
        error.put("doc_url", "https://stripe.com/docs/error-codes/card-declined");
        error.put("message", message);
        error.set("payment_method", method.deepCopy());
        error.put("type", "card_error");
        intent.set("last_payment_error", error);
        intent.put("latest_charge", charge.path("id").asText());
        intent.putNull("payment_method");
        intent.put("status", "requires_payment_method");
        event("charge.failed", charge, call);
        event("payment_intent.payment_failed", intent, call);
        throw StripeApiException.card("card_declined", declineCode, message, charge.path("id").asText(),
                render(intent, null), method.deepCopy());
    }

    /** Stripe's test PaymentMethods ({@code pm_card_visa} …): a new unattached PaymentMethod of that card. */
    private ObjectNode testMethod(String token) {
        String number = switch (token) {
            case "pm_card_visa" -> TestCards.VISA;
            case "pm_card_chargeDeclined", "pm_card_visa_chargeDeclined" -> TestCards.DECLINED;
            case "pm_card_chargeDeclinedInsufficientFunds", "pm_card_visa_chargeDeclinedInsufficientFunds" ->
                TestCards.INSUFFICIENT_FUNDS;
            default -> null;
        };
        if (number == null) {
            return null;
        }
        ObjectNode method = cardMethod(number, null, null);
        Card card = card(number);
        if (card.declineCode() != null) {
            decliningMethods.put(method.path("id").asText(), card.declineCode());
        }
        return method;
    }

    private void checkMethodUse(ObjectNode method, String customerId) {
        String owner = method.path("customer").textValue();
        String id = method.path("id").asText();
        if (!"card".equals(method.path("type").asText())) {
            throw StripeApiException.invalidRequest("The fake Stripe makes PaymentIntents for cards only, not "
                    + method.path("type").asText() + ".", "payment_method", "payment_method_invalid_parameter");
        }
        if (owner != null && customerId == null) {
            throw StripeApiException.invalidRequest("The provided PaymentMethod is attached to a Customer; pass "
                    + "that Customer's id as `customer` to use it.", "payment_method", null);
        }
        if (owner != null && !owner.equals(customerId)) {
            throw StripeApiException.invalidRequest("The provided PaymentMethod belongs to a different Customer "
                    + "than " + customerId + ".", "payment_method", null);
        }
        if (owner == null && consumedMethods.contains(id)) {
            throw StripeApiException.invalidRequest("The provided PaymentMethod was previously used with a "
                    + "PaymentIntent without Customer attachment, shared with a connected account without Customer "
                    + "attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod "
                    + "multiple times, you must attach it to a Customer first.", "payment_method", null);
        }
    }

    /** {@link FakeStripeServer#declinePaymentMethod(String)}. */
    synchronized void declinePaymentMethod(String id) {
        ObjectNode method = objects.get(id);
        if (method == null || !"payment_method".equals(method.path("object").asText())) {
            throw new IllegalArgumentException("no PaymentMethod " + id);
        }
        decliningMethods.put(id, "generic_decline");
    }

    // ------------------------------------------------------------------ refunds

    synchronized ObjectNode createRefund(StripeParams params, Call call) {
        params.check(REFUND_CREATE);
        checkExpand("refund", params);
        String intentId = params.string("payment_intent");
        String chargeId = params.string("charge");
        if (intentId == null && chargeId == null) {
            throw StripeApiException.invalidRequest("One of the following params should be provided for this "
                    + "request: payment_intent or charge.", "payment_intent", "parameter_missing");
        }
        ObjectNode charge;
        if (intentId != null) {
            ObjectNode intent = requireParam("payment_intent", intentId, "payment_intent");
            charge = objects.get(intent.path("latest_charge").asText(""));
            if (charge == null || !"succeeded".equals(charge.path("status").asText())) {
                throw StripeApiException.invalidRequest("This PaymentIntent does not have a successful charge to "
                        + "refund.", "payment_intent", null);
            }
            if (chargeId != null && !chargeId.equals(charge.path("id").asText())) {
                throw StripeApiException.invalidRequest("The charge " + chargeId + " does not belong to the "
                        + "PaymentIntent " + intentId + ".", "charge", null);
            }
        } else {
            charge = requireParam("charge", chargeId, "charge");
            if (!"succeeded".equals(charge.path("status").asText())) {
                throw StripeApiException.invalidRequest("Charge " + chargeId + " has not succeeded and cannot be "
                        + "refunded.", "charge", null);
            }
        }
        long remaining = charge.path("amount").asLong() - charge.path("amount_refunded").asLong();
        if (remaining <= 0) {
            throw StripeApiException.invalidRequest("Charge " + charge.path("id").asText() + " has already been "
                    + "refunded.", "charge", "charge_already_refunded");
        }
        Long amount = params.integer("amount");
        if (amount != null && amount <= 0) {
            throw StripeApiException.invalidRequest("Invalid positive integer", "amount",
                    "parameter_invalid_integer");
        }
        String currency = charge.path("currency").asText();
        if (amount != null && amount > remaining) {
            throw StripeApiException.invalidRequest("Refund amount (" + money(amount, currency) + ") is greater than "
                    + "unrefunded amount on charge (" + money(remaining, currency) + ")", "amount", null);
        }
        String reason = params.string("reason");
        if (reason != null && !List.of("duplicate", "fraudulent", "requested_by_customer").contains(reason)) {
            throw StripeApiException.invalidChoice("reason", "duplicate", "fraudulent", "requested_by_customer");
        }
        long refunded = amount != null ? amount : remaining;
        ObjectNode refund = newObject("refund", StripeJson.id("re_"));
        refund.put("amount", refunded);
        refund.put("balance_transaction", StripeJson.id("txn_"));
        refund.put("charge", charge.path("id").asText());
        refund.put("created", now());
        refund.put("currency", currency);
        refund.set("metadata", params.metadata("metadata"));
        refund.put("payment_intent", charge.path("payment_intent").textValue());
        refund.put("reason", reason);
        refund.putNull("receipt_number");
        refund.putNull("source_transfer_reversal");
        refund.put("status", "succeeded");
        refund.putNull("transfer_reversal");
        save(refund);
        long total = charge.path("amount_refunded").asLong() + refunded;
        charge.put("amount_refunded", total);
        charge.put("refunded", total == charge.path("amount").asLong());
        // charge.refunded carries the charge with its refunds, as Stripe's event does.
        event("charge.refunded", withRefunds(charge), call);
        event("refund.created", refund, call);
        return render(refund, params);
    }

    private ObjectNode withRefunds(ObjectNode charge) {
        ObjectNode copy = charge.deepCopy();
        copy.set("refunds", refundsOf(charge));
        return copy;
    }

    private ObjectNode refundsOf(ObjectNode charge) {
        ArrayNode refunds = StripeJson.array();
        String chargeId = charge.path("id").asText();
        // Newest first, as Stripe lists them.
        List<ObjectNode> all = new ArrayList<>(objects.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            ObjectNode object = all.get(i);
            if ("refund".equals(object.path("object").asText()) && chargeId.equals(object.path("charge").asText())) {
                refunds.add(object.deepCopy());
            }
        }
        return list(refunds, "/v1/charges/" + chargeId + "/refunds");
    }

    // ------------------------------------------------------------------ object builders

    private ObjectNode newPaymentIntent(long amount, String currency, String customerId, String description,
            JsonNode metadata, ObjectNode method, String methodType) {
        String id = StripeJson.id("pi_");
        ObjectNode intent = newObject("payment_intent", id);
        intent.put("amount", amount);
        intent.put("amount_capturable", 0);
        intent.put("amount_received", 0);
        intent.putNull("application");
        intent.putNull("application_fee_amount");
        intent.putNull("automatic_payment_methods");
        intent.putNull("canceled_at");
        intent.putNull("cancellation_reason");
        intent.put("capture_method", "automatic_async");
        intent.put("client_secret", id + "_secret_" + StripeJson.random(25));
        intent.put("confirmation_method", "automatic");
        intent.put("created", now());
        intent.put("currency", currency);
        intent.put("customer", customerId);
        intent.put("description", description);
        intent.putNull("last_payment_error");
        intent.putNull("latest_charge");
        intent.put("livemode", false);
        intent.set("metadata", metadata == null || metadata.isMissingNode() ? StripeJson.object() : metadata.deepCopy());
        intent.putNull("next_action");
        intent.putNull("on_behalf_of");
        intent.put("payment_method", method == null ? null : method.path("id").asText());
        intent.putObject("payment_method_options");
        intent.putArray("payment_method_types").add(methodType);
        intent.putNull("processing");
        intent.putNull("receipt_email");
        intent.putNull("review");
        intent.putNull("setup_future_usage");
        intent.putNull("shipping");
        intent.putNull("statement_descriptor");
        intent.putNull("statement_descriptor_suffix");
        intent.put("status", "requires_payment_method");
        intent.putNull("transfer_data");
        intent.putNull("transfer_group");
        save(intent);
        return intent;
    }

    private ObjectNode newCharge(ObjectNode intent, ObjectNode method, String status, String declineCode) {
        ObjectNode charge = newObject("charge", StripeJson.id("ch_"));
        long amount = intent.path("amount").asLong();
        charge.put("amount", amount);
        charge.put("amount_captured", 0);
        charge.put("amount_refunded", 0);
        charge.putNull("application");
        charge.putNull("application_fee");
        charge.putNull("application_fee_amount");
        charge.putNull("balance_transaction");
        charge.set("billing_details", method.path("billing_details").deepCopy());
        charge.put("calculated_statement_descriptor", "SWITCHBOARD");
        charge.put("captured", false);
        charge.put("created", now());
        charge.put("currency", intent.path("currency").asText());
        charge.put("customer", intent.path("customer").textValue());
        charge.put("description", intent.path("description").textValue());
        charge.put("disputed", false);
        charge.putNull("failure_balance_transaction");
        charge.putNull("failure_code");
        charge.putNull("failure_message");
        charge.putObject("fraud_details");
        charge.put("livemode", false);
        charge.set("metadata", intent.path("metadata").deepCopy());
        charge.putNull("on_behalf_of");
        charge.putNull("outcome");
        charge.put("paid", false);
        charge.put("payment_intent", intent.path("id").asText());
        charge.put("payment_method", method.path("id").asText());
        ObjectNode details = charge.putObject("payment_method_details");
        String type = method.path("type").asText();
        details.set(type, methodDetails(method));
        details.put("type", type);
        charge.putNull("receipt_email");
        charge.putNull("receipt_number");
        charge.put("receipt_url", "https://pay.stripe.com/receipts/payment/" + StripeJson.random(60));
        charge.put("refunded", false);
        charge.putNull("review");
        charge.putNull("shipping");
        charge.putNull("source_transfer");
        charge.putNull("statement_descriptor");
        charge.putNull("statement_descriptor_suffix");
        charge.put("status", status);
        charge.putNull("transfer_data");
        charge.putNull("transfer_group");
        save(charge);
        return charge;
    }

    private static ObjectNode methodDetails(ObjectNode method) {
        if ("card".equals(method.path("type").asText())) {
            JsonNode card = method.path("card");
            ObjectNode details = StripeJson.object();
            details.put("amount_authorized", (Long) null);
            details.put("brand", card.path("brand").asText());
            details.set("checks", card.path("checks").deepCopy());
            details.put("country", card.path("country").asText());
            details.put("exp_month", card.path("exp_month").asInt());
            details.put("exp_year", card.path("exp_year").asInt());
            details.put("fingerprint", card.path("fingerprint").asText());
            details.put("funding", card.path("funding").asText());
            details.put("last4", card.path("last4").asText());
            details.put("network", card.path("brand").asText());
            details.putNull("three_d_secure");
            details.putNull("wallet");
            return details;
        }
        JsonNode bank = method.path("us_bank_account");
        ObjectNode details = StripeJson.object();
        details.put("account_holder_type", bank.path("account_holder_type").asText());
        details.put("account_type", bank.path("account_type").asText());
        details.put("bank_name", bank.path("bank_name").asText());
        details.put("fingerprint", bank.path("fingerprint").asText());
        details.put("last4", bank.path("last4").asText());
        details.put("routing_number", bank.path("routing_number").asText());
        return details;
    }

    private void succeed(ObjectNode intent, ObjectNode charge) {
        long amount = charge.path("amount").asLong();
        charge.put("amount_captured", amount);
        charge.put("balance_transaction", StripeJson.id("txn_"));
        charge.put("captured", true);
        ObjectNode outcome = charge.putObject("outcome");
        outcome.put("network_status", "approved_by_network");
        outcome.putNull("reason");
        outcome.put("risk_level", "normal");
        outcome.put("risk_score", 32);
        outcome.put("seller_message", "Payment complete.");
        outcome.put("type", "authorized");
        charge.put("paid", true);
        charge.put("status", "succeeded");
        intent.put("amount_received", amount);
        intent.put("latest_charge", charge.path("id").asText());
        intent.put("status", "succeeded");
    }

    private static void fail(ObjectNode charge, String failureCode, String declineCode, String message) {
        charge.put("failure_code", failureCode);
        charge.put("failure_message", message);
        ObjectNode outcome = charge.putObject("outcome");
        outcome.put("network_status", "declined_by_network");
        outcome.put("reason", declineCode);
        outcome.put("risk_level", "normal");
        outcome.put("risk_score", 32);
        outcome.put("seller_message", "The bank did not return any further details with this decline.");
        outcome.put("type", "issuer_declined");
        charge.put("paid", false);
        charge.put("status", "failed");
    }

    private ObjectNode newCardMethod(String number, String customerId, String email) {
        ObjectNode method = cardMethod(number, customerId, email);
        save(method);
        return method;
    }

    private ObjectNode cardMethod(String number, String customerId, String email) {
        ObjectNode method = newObject("payment_method", StripeJson.id("pm_"));
        method.put("allow_redisplay", "unspecified");
        method.set("billing_details", billingDetails(email));
        ObjectNode card = method.putObject("card");
        card.put("brand", "visa");
        ObjectNode checks = card.putObject("checks");
        checks.putNull("address_line1_check");
        checks.putNull("address_postal_code_check");
        checks.put("cvc_check", "pass");
        card.put("country", "US");
        card.put("display_brand", "visa");
        card.put("exp_month", 12);
        card.put("exp_year", clock.instant().atZone(ZoneOffset.UTC).getYear() + 4);
        // The same card number gives the same fingerprint, as at Stripe.
        card.put("fingerprint", fingerprint(number));
        card.put("funding", "credit");
        card.putNull("generated_from");
        card.put("last4", number.substring(number.length() - 4));
        ObjectNode networks = card.putObject("networks");
        networks.putArray("available").add("visa");
        networks.putNull("preferred");
        card.putObject("three_d_secure_usage").put("supported", true);
        card.putNull("wallet");
        method.put("created", now());
        method.put("customer", customerId);
        method.put("livemode", false);
        method.putObject("metadata");
        method.put("type", "card");
        return method;
    }

    private ObjectNode newBankMethod(String email) {
        ObjectNode method = newObject("payment_method", StripeJson.id("pm_"));
        method.put("allow_redisplay", "unspecified");
        method.set("billing_details", billingDetails(email));
        method.put("created", now());
        method.putNull("customer");
        method.put("livemode", false);
        method.putObject("metadata");
        method.put("type", "us_bank_account");
        ObjectNode bank = method.putObject("us_bank_account");
        bank.put("account_holder_type", "individual");
        bank.put("account_type", "checking");
        bank.put("bank_name", "STRIPE TEST BANK");
        bank.putNull("financial_connections_account");
        bank.put("fingerprint", fingerprint("000123456789"));
        bank.put("last4", "6789");
        ObjectNode networks = bank.putObject("networks");
        networks.put("preferred", "ach");
        networks.putArray("supported").add("ach");
        bank.put("routing_number", "110000000");
        bank.putObject("status_details");
        save(method);
        return method;
    }

    private static ObjectNode billingDetails(String email) {
        ObjectNode details = StripeJson.object();
        ObjectNode address = details.putObject("address");
        for (String field : List.of("city", "country", "line1", "line2", "postal_code", "state")) {
            address.putNull(field);
        }
        details.put("email", email);
        details.putNull("name");
        details.putNull("phone");
        return details;
    }

    private static String fingerprint(String number) {
        String hex = Integer.toHexString(number.hashCode() & 0x7fffffff);
        return ("Fp" + hex + "0000000000000000").substring(0, 16);
    }

    private ObjectNode newSetupIntent(String customerId, ObjectNode metadata, String description, List<String> types) {
        String id = StripeJson.id("seti_");
        ObjectNode intent = newObject("setup_intent", id);
        intent.putNull("application");
        intent.putNull("automatic_payment_methods");
        intent.putNull("cancellation_reason");
        intent.put("client_secret", id + "_secret_" + StripeJson.random(25));
        intent.put("created", now());
        intent.put("customer", customerId);
        intent.put("description", description);
        intent.putNull("flow_directions");
        intent.putNull("last_setup_error");
        intent.putNull("latest_attempt");
        intent.put("livemode", false);
        intent.putNull("mandate");
        intent.set("metadata", metadata);
        intent.putNull("next_action");
        intent.putNull("on_behalf_of");
        intent.putNull("payment_method");
        intent.putObject("payment_method_options");
        ArrayNode methodTypes = intent.putArray("payment_method_types");
        types.forEach(methodTypes::add);
        intent.putNull("single_use_mandate");
        intent.put("status", "requires_payment_method");
        intent.put("usage", "off_session");
        save(intent);
        return intent;
    }

    private static ObjectNode newObject(String type, String id) {
        ObjectNode object = StripeJson.object();
        object.put("id", id);
        object.put("object", type);
        return object;
    }

    private static ObjectNode list(ArrayNode data, String url) {
        ObjectNode list = StripeJson.object();
        list.put("object", "list");
        list.set("data", data);
        list.put("has_more", false);
        list.put("total_count", data.size());
        list.put("url", url);
        return list;
    }

    private void save(ObjectNode object) {
        objects.put(object.path("id").asText(), object);
    }

    // ------------------------------------------------------------------ events

    private void event(String type, ObjectNode object, Call call) {
        String id = StripeJson.id("evt_");
        ObjectNode event = newObject("event", id);
        event.put("api_version", API_VERSION);
        long created = now();
        event.put("created", created);
        event.putObject("data").set("object", render(object, null));
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
                out.add(render(object, null));
            }
        }
        return out;
    }

    synchronized JsonNode find(String id) {
        ObjectNode object = objects.get(id);
        if (object == null) {
            throw new IllegalArgumentException("no Stripe object " + id);
        }
        return "event".equals(object.path("object").asText()) ? object.deepCopy() : render(object, null);
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

    /** A copy as the API answers it: internal fields removed, {@code expand[]} applied. */
    private ObjectNode render(ObjectNode object, StripeParams params) {
        ObjectNode copy = object.deepCopy();
        copy.remove("__internal");
        if (params != null) {
            for (String path : params.strings("expand")) {
                expand(copy, path, path);
            }
        }
        return copy;
    }

    /** Refuses an {@code expand[]} the object cannot honour before anything changes. */
    private static void checkExpand(String type, StripeParams params) {
        for (String path : params.strings("expand")) {
            String field = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
            if (!EXPANDABLE.getOrDefault(type, Set.of()).contains(field)) {
                throw StripeApiException.invalidRequest("This property cannot be expanded (" + path + ").", "expand",
                        null);
            }
        }
    }

    private void expand(ObjectNode object, String path, String whole) {
        int dot = path.indexOf('.');
        String field = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? null : path.substring(dot + 1);
        Set<String> expandable = EXPANDABLE.getOrDefault(object.path("object").asText(), Set.of());
        if (!expandable.contains(field)) {
            throw StripeApiException.invalidRequest("This property cannot be expanded (" + whole + ").", "expand",
                    null);
        }
        JsonNode value = object.path(field);
        ObjectNode expanded;
        if (field.equals("line_items")) {
            expanded = list(lineItems.getOrDefault(object.path("id").asText(), StripeJson.array()).deepCopy(),
                    "/v1/checkout/sessions/" + object.path("id").asText() + "/line_items");
        } else if (field.equals("refunds")) {
            expanded = refundsOf(objects.get(object.path("id").asText()));
        } else if (value.isTextual() && objects.containsKey(value.textValue())) {
            expanded = render(objects.get(value.textValue()), null);
        } else if (value.isObject()) {
            expanded = (ObjectNode) value;
        } else {
            return; // null stays null
        }
        if (rest != null) {
            expand(expanded, rest, whole);
        }
        object.set(field, expanded);
    }

    private ObjectNode requireParam(String kind, String id, String param) {
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

    private static String currency(String value, String param) {
        String lower = value.toLowerCase();
        if (!lower.matches("[a-z]{3}")) {
            throw StripeApiException.invalidRequest("Invalid currency: " + value + ". Stripe currently supports "
                    + "these currencies: usd, eur, gbp, … (the fake takes any three-letter code).", param, null);
        }
        return lower;
    }

    private static void checkAmount(long amount, String currency, String param, boolean checkout) {
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

    private static void checkUrl(String url, String param) {
        if (!url.matches("https?://[^\\s]+")) {
            throw StripeApiException.invalidRequest("Not a valid URL", param, "url_invalid");
        }
    }

    /** {@code $12.34} for dollars, {@code 12.34 EUR} for the rest. */
    static String money(long cents, String currency) {
        String amount = String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, Math.abs(cents % 100));
        return "usd".equals(currency) ? "$" + amount : amount + " " + currency.toUpperCase();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
