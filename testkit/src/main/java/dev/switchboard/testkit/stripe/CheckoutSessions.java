package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.stripe.StripeBackend.Call;
import dev.switchboard.testkit.stripe.StripeParams.Shape;
import java.util.List;

/**
 * Checkout Sessions: creating, listing line items, and expiring them.
 * Called only from {@link StripeBackend}, under its lock.
 */
final class CheckoutSessions {

    private static final long MIN_SESSION_SECONDS = 30 * 60;
    private static final long MAX_SESSION_SECONDS = 24 * 60 * 60;
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

    private final StripeBackend b;

    CheckoutSessions(StripeBackend b) {
        this.b = b;
    }

    // ------------------------------------------------------------------ Checkout Sessions

    ObjectNode createSession(StripeParams params, Call call) {
        params.check(SESSION_CREATE);
        StripeObjects.checkExpand("checkout.session", params);
        String mode = params.required("mode");
        if (!mode.equals("payment") && !mode.equals("setup") && !mode.equals("subscription")) {
            throw StripeApiException.invalidChoice("mode", "payment", "setup", "subscription");
        }
        if (mode.equals("subscription")) {
            throw StripeApiException.invalidRequest("The fake Stripe has no recurring prices: mode=subscription is "
                    + "not supported.", "mode", null);
        }
        String successUrl = params.required("success_url");
        StripeBackend.checkUrl(successUrl, "success_url");
        String cancelUrl = params.string("cancel_url");
        if (cancelUrl != null) {
            StripeBackend.checkUrl(cancelUrl, "cancel_url");
        }
        String customerId = params.string("customer");
        String customerEmail = params.string("customer_email");
        if (customerId != null && customerEmail != null) {
            throw StripeApiException.invalidRequest("You may only specify one of these parameters: customer, "
                    + "customer_email.", "customer_email", null);
        }
        if (customerId != null) {
            b.requireParam("customer", customerId, "customer");
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
        long created = b.now();
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
            currency = StripeBackend.currency(currency, "currency");
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
                total = Math.min(total + Math.min(item.path("amount_total").asLong(), StripeBackend.MAX_AMOUNT + 1),
                        StripeBackend.MAX_AMOUNT + 1);
                items.add(item);
            }
            StripeBackend.checkAmount(total, currency, "line_items", true);
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

        ObjectNode session = StripeObjects.newObject("checkout.session", id);
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
        session.put("url", b.publicUrl.get() + "/pay/" + id);

        // What the session will do once paid, kept outside its JSON as Stripe keeps it outside the Session object.
        ObjectNode internal = StripeJson.object();
        internal.set("payment_intent_metadata", params.metadata("payment_intent_data", "metadata"));
        internal.put("payment_intent_description", params.string("payment_intent_data", "description"));
        session.set("__internal", internal);

        if (mode.equals("setup")) {
            // Stripe creates the SetupIntent of a setup-mode session with the session.
            ObjectNode setupIntent = b.stripeObjects.newSetupIntent(customerId,
                    params.metadata("setup_intent_data", "metadata"),
                    params.string("setup_intent_data", "description"), methodTypes);
            session.put("setup_intent", setupIntent.path("id").asText());
            b.event("setup_intent.created", setupIntent, call);
        }
        b.save(session);
        b.lineItems.put(id, items);
        return b.stripeObjects.render(session, params);
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
        String currency = StripeBackend.currency(currencyText, name + "[price_data][currency]");
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
        ObjectNode item = StripeObjects.newObject("item", StripeJson.id("li_"));
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

    ObjectNode sessionLineItems(String id, StripeParams params) {
        params.check(LIST);
        session(id);
        return StripeObjects.list(b.lineItems.getOrDefault(id, StripeJson.array()),
                "/v1/checkout/sessions/" + id + "/line_items");
    }

    ObjectNode expireSession(String id, StripeParams params, Call call) {
        params.check(StripeBackend.RETRIEVE);
        StripeObjects.checkExpand("checkout.session", params);
        ObjectNode session = session(id);
        String status = session.path("status").asText();
        if (!status.equals("open")) {
            throw StripeApiException.invalidRequest("Only Checkout Sessions with a status in [\"open\"] can be "
                    + "expired. This Checkout Session has a status of \"" + status + "\".", null, null);
        }
        expire(session, call);
        return b.stripeObjects.render(session, params);
    }

    /** The session, expired first if its time is up (Stripe expires them in the background). */
    private ObjectNode session(String id) {
        ObjectNode session = b.objects.get(id);
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
            ObjectNode setupIntent = b.objects.get(setupIntentId);
            setupIntent.put("status", "canceled");
            setupIntent.put("cancellation_reason", "abandoned");
        }
        b.event("checkout.session.expired", session, call);
    }

    /** Expires the open sessions whose {@code expires_at} has passed; the events are in the call. */
    void expireDue(Call call) {
        long now = b.now();
        for (ObjectNode object : List.copyOf(b.objects.values())) {
            if ("checkout.session".equals(object.path("object").asText())
                    && "open".equals(object.path("status").asText()) && object.path("expires_at").asLong() <= now) {
                expire(object, call);
            }
        }
    }

    /** {@link FakeStripeServer#expire(String)}: expires an open session now. */
    ObjectNode expireNow(String id, Call call) {
        ObjectNode session = b.hostedCheckout.hookSession(id);
        if (!"open".equals(session.path("status").asText())) {
            throw new IllegalStateException("session " + id + " is " + session.path("status").asText());
        }
        expire(session, call);
        return b.stripeObjects.render(session, null);
    }
}
