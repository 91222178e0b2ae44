package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of the fake's Stripe objects: builders for PaymentIntents, charges, PaymentMethods and SetupIntents,
 * the test cards, and the API view of an object ({@code expand[]} included).
 * Called only from {@link StripeBackend}, under its lock.
 */
final class StripeObjects {

    /** The fields each object type can expand, as in Stripe's reference. */
    private static final Map<String, Set<String>> EXPANDABLE = Map.of(
            "checkout.session", Set.of("customer", "payment_intent", "setup_intent", "line_items"),
            "payment_intent", Set.of("customer", "payment_method", "latest_charge"),
            "charge", Set.of("customer", "payment_intent", "refunds"),
            "setup_intent", Set.of("customer", "payment_method"),
            "payment_method", Set.of("customer"),
            "refund", Set.of("charge", "payment_intent"));

    /** A card from the hosted page's form, and what it does. */
    record Card(String number, String declineCode, boolean declinesLater) {
    }

    private final StripeBackend b;

    StripeObjects(StripeBackend b) {
        this.b = b;
    }

    static Card card(String number) {
        return switch (number) {
            case TestCards.VISA, "4000056655665556", "4012888888881881" -> new Card(number, null, false);
            case TestCards.DECLINED -> new Card(number, "generic_decline", false);
            case TestCards.INSUFFICIENT_FUNDS -> new Card(number, "insufficient_funds", false);
            case TestCards.ATTACH_THEN_DECLINE -> new Card(number, "generic_decline", true);
            default -> null;
        };
    }

    // ------------------------------------------------------------------ object builders

    ObjectNode newPaymentIntent(long amount, String currency, String customerId, String description,
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
        intent.put("created", b.now());
        intent.put("currency", currency);
        intent.put("customer", customerId);
        intent.put("description", description);
        intent.putNull("last_payment_error");
        intent.putNull("latest_charge");
        intent.put("livemode", false);
        intent.set("metadata",
                metadata == null || metadata.isMissingNode() ? StripeJson.object() : metadata.deepCopy());
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
        b.save(intent);
        return intent;
    }

    ObjectNode newCharge(ObjectNode intent, ObjectNode method, String status, String declineCode) {
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
        charge.put("created", b.now());
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
        b.save(charge);
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

    void succeed(ObjectNode intent, ObjectNode charge) {
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

    static void fail(ObjectNode charge, String failureCode, String declineCode, String message) {
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

    ObjectNode newCardMethod(String number, String customerId, String email) {
        ObjectNode method = cardMethod(number, customerId, email);
        b.save(method);
        return method;
    }

    ObjectNode cardMethod(String number, String customerId, String email) {
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
        card.put("exp_year", b.clock.instant().atZone(ZoneOffset.UTC).getYear() + 4);
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
        method.put("created", b.now());
        method.put("customer", customerId);
        method.put("livemode", false);
        method.putObject("metadata");
        method.put("type", "card");
        return method;
    }

    ObjectNode newBankMethod(String email) {
        ObjectNode method = newObject("payment_method", StripeJson.id("pm_"));
        method.put("allow_redisplay", "unspecified");
        method.set("billing_details", billingDetails(email));
        method.put("created", b.now());
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
        b.save(method);
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

    ObjectNode newSetupIntent(String customerId, ObjectNode metadata, String description, List<String> types) {
        String id = StripeJson.id("seti_");
        ObjectNode intent = newObject("setup_intent", id);
        intent.putNull("application");
        intent.putNull("automatic_payment_methods");
        intent.putNull("cancellation_reason");
        intent.put("client_secret", id + "_secret_" + StripeJson.random(25));
        intent.put("created", b.now());
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
        b.save(intent);
        return intent;
    }

    static ObjectNode newObject(String type, String id) {
        ObjectNode object = StripeJson.object();
        object.put("id", id);
        object.put("object", type);
        return object;
    }

    static ObjectNode list(ArrayNode data, String url) {
        ObjectNode list = StripeJson.object();
        list.put("object", "list");
        list.set("data", data);
        list.put("has_more", false);
        list.put("total_count", data.size());
        list.put("url", url);
        return list;
    }

    // ------------------------------------------------------------------ helpers

    /** A copy as the API answers it: internal fields removed, {@code expand[]} applied. */
    ObjectNode render(ObjectNode object, StripeParams params) {
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
    static void checkExpand(String type, StripeParams params) {
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
            expanded = list(b.lineItems.getOrDefault(object.path("id").asText(), StripeJson.array()).deepCopy(),
                    "/v1/checkout/sessions/" + object.path("id").asText() + "/line_items");
        } else if (field.equals("refunds")) {
            expanded = b.refunds.refundsOf(b.objects.get(object.path("id").asText()));
        } else if (value.isTextual() && b.objects.containsKey(value.textValue())) {
            expanded = render(b.objects.get(value.textValue()), null);
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
}
