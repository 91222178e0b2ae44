package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.stripe.StripeBackend.Call;
import dev.switchboard.testkit.stripe.StripeObjects.Card;
import dev.switchboard.testkit.stripe.StripeParams.Shape;
import java.util.List;

/**
 * PaymentIntents created through the API, and the test PaymentMethods they charge.
 * Called only from {@link StripeBackend}, under its lock.
 */
final class PaymentIntents {
    private static final Shape PAYMENT_INTENT_CREATE = Shape.endpoint()
            .strings("currency", "customer", "payment_method", "off_session", "description", "receipt_email")
            .with("amount", Shape.INTEGER)
            .with("confirm", Shape.BOOLEAN)
            .with("metadata", Shape.MAP)
            .with("payment_method_types", Shape.list(Shape.STRING));

    private final StripeBackend b;

    PaymentIntents(StripeBackend b) {
        this.b = b;
    }

    // ------------------------------------------------------------------ PaymentIntents

    ObjectNode createPaymentIntent(StripeParams params, Call call) {
        params.check(PAYMENT_INTENT_CREATE);
        StripeObjects.checkExpand("payment_intent", params);
        Long amount = params.integer("amount");
        if (amount == null) {
            throw StripeApiException.missing("amount");
        }
        String currency = StripeBackend.currency(params.required("currency"), "currency");
        StripeBackend.checkAmount(amount, currency, "amount", false);
        String customerId = params.string("customer");
        if (customerId != null) {
            b.requireParam("customer", customerId, "customer");
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
                method = b.objects.get(methodId);
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
        if (method != null && !b.objects.containsKey(method.path("id").asText())) {
            b.save(method);
        }
        ObjectNode intent = b.stripeObjects.newPaymentIntent(amount, currency, customerId, params.string("description"),
                params.metadata("metadata"), method, "card");
        b.event("payment_intent.created", intent, call);
        if (!confirm) {
            intent.put("status", method == null ? "requires_payment_method" : "requires_confirmation");
            return b.stripeObjects.render(intent, params);
        }
        if (method.path("customer").isNull()) {
            b.consumedMethods.add(method.path("id").asText());
        }
        String declineCode = b.decliningMethods.get(method.path("id").asText());
        if (declineCode == null) {
            ObjectNode charge = b.stripeObjects.newCharge(intent, method, "succeeded", null);
            b.stripeObjects.succeed(intent, charge);
            b.event("charge.succeeded", charge, call);
            b.event("payment_intent.succeeded", intent, call);
            return b.stripeObjects.render(intent, params);
        }
        String message = declineCode.equals("insufficient_funds") ? "Your card has insufficient funds."
                : StripeBackend.DECLINED_MESSAGE;
        ObjectNode charge = b.stripeObjects.newCharge(intent, method, "failed", declineCode);
        StripeObjects.fail(charge, "card_declined", declineCode, message);
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
        b.event("charge.failed", charge, call);
        b.event("payment_intent.payment_failed", intent, call);
        throw StripeApiException.card("card_declined", declineCode, message, charge.path("id").asText(),
                b.stripeObjects.render(intent, null), method.deepCopy());
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
        ObjectNode method = b.stripeObjects.cardMethod(number, null, null);
        Card card = StripeObjects.card(number);
        if (card.declineCode() != null) {
            b.decliningMethods.put(method.path("id").asText(), card.declineCode());
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
        if (owner == null && b.consumedMethods.contains(id)) {
            throw StripeApiException.invalidRequest("The provided PaymentMethod was previously used with a "
                    + "PaymentIntent without Customer attachment, shared with a connected account without Customer "
                    + "attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod "
                    + "multiple times, you must attach it to a Customer first.", "payment_method", null);
        }
    }

    /** {@link FakeStripeServer#declinePaymentMethod(String)}. */
    void declinePaymentMethod(String id) {
        ObjectNode method = b.objects.get(id);
        if (method == null || !"payment_method".equals(method.path("object").asText())) {
            throw new IllegalArgumentException("no PaymentMethod " + id);
        }
        b.decliningMethods.put(id, "generic_decline");
    }
}
