package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.stripe.StripeBackend.Call;
import dev.switchboard.testkit.stripe.StripeParams.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Refunds of charges, and the refund lists charges carry.
 * Called only from {@link StripeBackend}, under its lock.
 */
final class Refunds {
    private static final Shape REFUND_CREATE = Shape.endpoint().strings("payment_intent", "charge", "reason")
            .with("amount", Shape.INTEGER)
            .with("metadata", Shape.MAP);

    private final StripeBackend b;

    Refunds(StripeBackend b) {
        this.b = b;
    }

    // ------------------------------------------------------------------ refunds

    ObjectNode createRefund(StripeParams params, Call call) {
        params.check(REFUND_CREATE);
        StripeObjects.checkExpand("refund", params);
        String intentId = params.string("payment_intent");
        String chargeId = params.string("charge");
        if (intentId == null && chargeId == null) {
            throw StripeApiException.invalidRequest("One of the following params should be provided for this "
                    + "request: payment_intent or charge.", "payment_intent", "parameter_missing");
        }
        ObjectNode charge;
        if (intentId != null) {
            ObjectNode intent = b.requireParam("payment_intent", intentId, "payment_intent");
            charge = b.objects.get(intent.path("latest_charge").asText(""));
            if (charge == null || !"succeeded".equals(charge.path("status").asText())) {
                throw StripeApiException.invalidRequest("This PaymentIntent does not have a successful charge to "
                        + "refund.", "payment_intent", null);
            }
            if (chargeId != null && !chargeId.equals(charge.path("id").asText())) {
                throw StripeApiException.invalidRequest("The charge " + chargeId + " does not belong to the "
                        + "PaymentIntent " + intentId + ".", "charge", null);
            }
        } else {
            charge = b.requireParam("charge", chargeId, "charge");
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
            throw StripeApiException.invalidRequest("Refund amount (" + StripeBackend.money(amount, currency)
                    + ") is greater than "
                    + "unrefunded amount on charge (" + StripeBackend.money(remaining, currency) + ")", "amount", null);
        }
        String reason = params.string("reason");
        if (reason != null && !List.of("duplicate", "fraudulent", "requested_by_customer").contains(reason)) {
            throw StripeApiException.invalidChoice("reason", "duplicate", "fraudulent", "requested_by_customer");
        }
        long refunded = amount != null ? amount : remaining;
        ObjectNode refund = StripeObjects.newObject("refund", StripeJson.id("re_"));
        refund.put("amount", refunded);
        refund.put("balance_transaction", StripeJson.id("txn_"));
        refund.put("charge", charge.path("id").asText());
        refund.put("created", b.now());
        refund.put("currency", currency);
        refund.set("metadata", params.metadata("metadata"));
        refund.put("payment_intent", charge.path("payment_intent").textValue());
        refund.put("reason", reason);
        refund.putNull("receipt_number");
        refund.putNull("source_transfer_reversal");
        refund.put("status", "succeeded");
        refund.putNull("transfer_reversal");
        b.save(refund);
        long total = charge.path("amount_refunded").asLong() + refunded;
        charge.put("amount_refunded", total);
        charge.put("refunded", total == charge.path("amount").asLong());
        // charge.refunded carries the charge with its refunds, as Stripe's event does.
        b.event("charge.refunded", withRefunds(charge), call);
        b.event("refund.created", refund, call);
        return b.stripeObjects.render(refund, params);
    }

    private ObjectNode withRefunds(ObjectNode charge) {
        ObjectNode copy = charge.deepCopy();
        copy.set("refunds", refundsOf(charge));
        return copy;
    }

    ObjectNode refundsOf(ObjectNode charge) {
        ArrayNode refunds = StripeJson.array();
        String chargeId = charge.path("id").asText();
        // Newest first, as Stripe lists them.
        List<ObjectNode> all = new ArrayList<>(b.objects.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            ObjectNode object = all.get(i);
            if ("refund".equals(object.path("object").asText()) && chargeId.equals(object.path("charge").asText())) {
                refunds.add(object.deepCopy());
            }
        }
        return StripeObjects.list(refunds, "/v1/charges/" + chargeId + "/refunds");
    }
}
