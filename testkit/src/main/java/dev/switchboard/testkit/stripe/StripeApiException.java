package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Stripe API error: the HTTP status and the {@code error} object of Stripe's body
 * {@code {"error":{"type","code","param","message","doc_url",…}}}. stripe-java chooses its exception class from the
 * status and the type (400/404 {@code InvalidRequestException}, {@code idempotency_error} {@code IdempotencyException},
 * 401 {@code AuthenticationException}, 402 {@code CardException}), so both must be right.
 */
final class StripeApiException extends RuntimeException {

    private final int status;
    private final ObjectNode error;
    /** True when the endpoint had started to act (a card decline): Stripe then saves the answer for its key. */
    private final boolean idempotent;

    private StripeApiException(int status, ObjectNode error, boolean idempotent) {
        super(error.path("message").asText(), null, false, false);
        this.status = status;
        this.error = error;
        this.idempotent = idempotent;
    }

    /** The same error with another status (Stripe answers an unrecognized URL's invalid_request_error with 404). */
    StripeApiException withStatus(int newStatus) {
        return new StripeApiException(newStatus, error, idempotent);
    }

    int status() {
        return status;
    }

    boolean idempotent() {
        return idempotent;
    }

    /** The whole body, {@code {"error":{…}}}, with the request's log URL as Stripe adds it. */
    ObjectNode body(String requestId) {
        ObjectNode copy = error.deepCopy();
        if (requestId != null && !copy.has("request_log_url")) {
            copy.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + requestId);
        }
        ObjectNode body = StripeJson.object();
        body.set("error", copy);
        return body;
    }

    static StripeApiException invalidRequest(String message, String param, String code) {
        return new StripeApiException(400, error("invalid_request_error", code, param, message), false);
    }

    static StripeApiException missing(String param) {
        return invalidRequest("Missing required param: " + param + ".", param, "parameter_missing");
    }

    static StripeApiException unknown(String param) {
        return invalidRequest("Received unknown parameter: " + param, param, "parameter_unknown");
    }

    static StripeApiException invalidInteger(String param, String value) {
        return invalidRequest("Invalid integer: " + value, param, "parameter_invalid_integer");
    }

    /** An enum parameter with a value outside its set, worded as Stripe words it. */
    static StripeApiException invalidChoice(String param, String... allowed) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            if (i > 0) {
                list.append(allowed.length > 2 ? ", " : " ");
            }
            if (i == allowed.length - 1 && allowed.length > 1) {
                list.append("or ");
            }
            list.append(allowed[i]);
        }
        return invalidRequest("Invalid " + param + ": must be one of " + list, param, null);
    }

    /** A retrieval of an id that does not exist: 404 {@code resource_missing}. */
    static StripeApiException noSuch(String kind, String id, String param) {
        return new StripeApiException(404,
                error("invalid_request_error", "resource_missing", param, "No such " + kind + ": '" + id + "'"), false);
    }

    /** An id given as a parameter that does not exist: the same words, but 400 (the request is what is wrong). */
    static StripeApiException noSuchParam(String kind, String id, String param) {
        return invalidRequest("No such " + kind + ": '" + id + "'", param, "resource_missing");
    }

    static StripeApiException authentication(String message) {
        ObjectNode error = StripeJson.object();
        error.put("message", message);
        error.put("type", "invalid_request_error");
        return new StripeApiException(401, error, false);
    }

    static StripeApiException idempotency(String message) {
        ObjectNode error = StripeJson.object();
        error.put("message", message);
        error.put("type", "idempotency_error");
        return new StripeApiException(400, error, false);
    }

    /**
     * A 402 {@code card_error}. The payment intent and payment method ride along as whole objects, as Stripe sends
     * them, so a client can read the intent's status from the exception.
     */
    static StripeApiException card(String code, String declineCode, String message, String chargeId,
            JsonNode paymentIntent, JsonNode paymentMethod) {
        ObjectNode error = error("card_error", code, null, message);
        error.remove("param");
        if (chargeId != null) {
            error.put("charge", chargeId);
        }
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        if (paymentIntent != null) {
            error.set("payment_intent", paymentIntent);
        }
        if (paymentMethod != null) {
            error.set("payment_method", paymentMethod);
        }
        return new StripeApiException(402, error, true);
    }

    private static ObjectNode error(String type, String code, String param, String message) {
        ObjectNode error = StripeJson.object();
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        error.put("type", type);
        return error;
    }
}
