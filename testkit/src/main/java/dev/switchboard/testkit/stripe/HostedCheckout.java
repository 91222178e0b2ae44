package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.stripe.StripeBackend.Call;
import dev.switchboard.testkit.stripe.StripeObjects.Card;

/**
 * The hosted Checkout page: what it shows, and the customer paying (or setting up) on it.
 * Called only from {@link StripeBackend}, under its lock.
 */
final class HostedCheckout {
    private final StripeBackend b;

    HostedCheckout(StripeBackend b) {
        this.b = b;
    }

    // ------------------------------------------------------------------ the hosted page

    /** What {@code GET /pay/{id}} shows: the session and its line items, or null for an unknown session. */
    CheckoutPage.View pageView(String id) {
        ObjectNode session = b.objects.get(id);
        if (session == null || !"checkout.session".equals(session.path("object").asText())) {
            return null;
        }
        return new CheckoutPage.View(b.stripeObjects.render(session, null),
                b.lineItems.getOrDefault(id, StripeJson.array()).deepCopy());
    }

    /** The Pay / Save card button, with a card number or {@code async}. */
    CheckoutPayment pay(String id, String cardInput, Call call) {
        ObjectNode session = hookSession(id);
        if (!"open".equals(session.path("status").asText())) {
            return new CheckoutPayment(CheckoutPayment.Outcome.NOT_OPEN, "This Checkout Session is no longer "
                    + "active (it is " + session.path("status").asText() + ").", null,
                    b.stripeObjects.render(session, null));
        }
        boolean setup = "setup".equals(session.path("mode").asText());
        String input = cardInput == null ? "" : cardInput.replace(" ", "").trim();
        if (input.equals(TestCards.ASYNC) && !setup) {
            return payAsync(session, call);
        }
        Card card = StripeObjects.card(input);
        if (card == null) {
            return new CheckoutPayment(CheckoutPayment.Outcome.DECLINED, "Your card number is incorrect.", null,
                    b.stripeObjects.render(session, null));
        }
        boolean declinedNow = card.declineCode() != null && !(setup && card.declinesLater());
        if (declinedNow) {
            String message = "insufficient_funds".equals(card.declineCode()) ? "Your card has insufficient funds."
                    : StripeBackend.DECLINED_MESSAGE;
            return new CheckoutPayment(CheckoutPayment.Outcome.DECLINED, message, null,
                    b.stripeObjects.render(session, null));
        }
        String email = customerEmail(session);
        if (setup) {
            completeSetup(session, card, email, call);
        } else {
            completePayment(session, card, email, call);
        }
        return new CheckoutPayment(CheckoutPayment.Outcome.COMPLETED, null, redirectUrl(session),
                b.stripeObjects.render(session, null));
    }

    private void completePayment(ObjectNode session, Card card, String email, Call call) {
        ObjectNode internal = (ObjectNode) session.path("__internal");
        ObjectNode method = b.stripeObjects.newCardMethod(card.number(), null, email);
        ObjectNode intent = b.stripeObjects.newPaymentIntent(session.path("amount_total").asLong(),
                session.path("currency").asText(), session.path("customer").textValue(),
                internal.path("payment_intent_description").textValue(), internal.path("payment_intent_metadata"),
                method, "card");
        if (session.path("customer").isNull()) {
            b.consumedMethods.add(method.path("id").asText());
        }
        b.event("payment_intent.created", intent, call);
        ObjectNode charge = b.stripeObjects.newCharge(intent, method, "succeeded", null);
        b.stripeObjects.succeed(intent, charge);
        b.event("charge.succeeded", charge, call);
        b.event("payment_intent.succeeded", intent, call);
        complete(session, intent.path("id").asText(), "paid", email);
        b.event("checkout.session.completed", session, call);
    }

    private CheckoutPayment payAsync(ObjectNode session, Call call) {
        ObjectNode internal = (ObjectNode) session.path("__internal");
        String email = customerEmail(session);
        ObjectNode method = b.stripeObjects.newBankMethod(email);
        ObjectNode intent = b.stripeObjects.newPaymentIntent(session.path("amount_total").asLong(),
                session.path("currency").asText(), session.path("customer").textValue(),
                internal.path("payment_intent_description").textValue(), internal.path("payment_intent_metadata"),
                method, "us_bank_account");
        b.event("payment_intent.created", intent, call);
        ObjectNode charge = b.stripeObjects.newCharge(intent, method, "pending", null);
        intent.put("status", "processing");
        intent.put("latest_charge", charge.path("id").asText());
        b.event("charge.pending", charge, call);
        b.event("payment_intent.processing", intent, call);
        complete(session, intent.path("id").asText(), "unpaid", email);
        b.event("checkout.session.completed", session, call);
        return new CheckoutPayment(CheckoutPayment.Outcome.COMPLETED, null, redirectUrl(session),
                b.stripeObjects.render(session, null));
    }

    /** {@link FakeStripeServer#settleAsync(String, boolean)}: the bank payment of an async session clears or fails. */
    ObjectNode settleAsync(String id, boolean succeeded, Call call) {
        ObjectNode session = hookSession(id);
        ObjectNode intent = b.objects.get(session.path("payment_intent").textValue());
        if (!"complete".equals(session.path("status").asText()) || intent == null
                || !"processing".equals(intent.path("status").asText())) {
            throw new IllegalStateException("session " + id + " has no delayed payment waiting to settle (status "
                    + session.path("status").asText() + ", payment_status " + session.path("payment_status").asText()
                    + ")");
        }
        ObjectNode charge = b.objects.get(intent.path("latest_charge").asText());
        if (succeeded) {
            b.stripeObjects.succeed(intent, charge);
            session.put("payment_status", "paid");
            b.event("charge.succeeded", charge, call);
            b.event("payment_intent.succeeded", intent, call);
            b.event("checkout.session.async_payment_succeeded", session, call);
        } else {
            StripeObjects.fail(charge, "insufficient_funds", null,
                    "The customer's account has insufficient funds to cover this payment.");
            ObjectNode error = StripeJson.object();
            error.put("charge", charge.path("id").asText());
            error.put("code", "insufficient_funds");
            error.put("message", "The customer's account has insufficient funds to cover this payment.");
            error.set("payment_method", b.objects.get(intent.path("payment_method").asText()).deepCopy());
            error.put("type", "invalid_request_error");
            intent.set("last_payment_error", error);
            intent.putNull("payment_method");
            intent.put("status", "requires_payment_method");
            b.event("charge.failed", charge, call);
            b.event("payment_intent.payment_failed", intent, call);
            b.event("checkout.session.async_payment_failed", session, call);
        }
        return b.stripeObjects.render(session, null);
    }

    private void completeSetup(ObjectNode session, Card card, String email, Call call) {
        String customerId = session.path("customer").textValue();
        if (customerId == null) {
            // Saving a card needs a customer to attach it to: Checkout creates one.
            ObjectNode customer = b.newCustomer(email, null, null, null, StripeJson.object());
            customerId = customer.path("id").asText();
            session.put("customer", customerId);
            b.event("customer.created", customer, call);
        }
        ObjectNode method = b.stripeObjects.newCardMethod(card.number(), customerId, email);
        if (card.declinesLater()) {
            b.decliningMethods.put(method.path("id").asText(), card.declineCode());
        }
        b.event("payment_method.attached", method, call);
        ObjectNode setupIntent = b.objects.get(session.path("setup_intent").asText());
        setupIntent.put("customer", customerId);
        setupIntent.put("payment_method", method.path("id").asText());
        setupIntent.put("status", "succeeded");
        b.event("setup_intent.succeeded", setupIntent, call);
        complete(session, null, "no_payment_required", email);
        b.event("checkout.session.completed", session, call);
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
        if (customerId != null && b.objects.containsKey(customerId)) {
            return b.objects.get(customerId).path("email").textValue();
        }
        return session.path("customer_email").textValue();
    }

    private static String redirectUrl(ObjectNode session) {
        return session.path("success_url").asText().replace("{CHECKOUT_SESSION_ID}", session.path("id").asText());
    }

    ObjectNode hookSession(String id) {
        ObjectNode session = b.objects.get(id);
        if (session == null || !"checkout.session".equals(session.path("object").asText())) {
            throw new IllegalArgumentException("no Checkout Session " + id);
        }
        return session;
    }
}
