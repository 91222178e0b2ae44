package dev.switchboard.billing.api;

import java.util.Map;

/**
 * The root of every error billing-service answers with. {@link ApiExceptionMapper} renders it in the error envelope
 * the other services use ({@code {"error":{"code":<status>,"message":"…","metadata":{…}}}}, HTTP status = code).
 */
public class BillingException extends RuntimeException {

    /** The one text for every organization the caller may not see, so a 404 tells nothing about what exists. */
    public static final String ORGANIZATION_NOT_FOUND = "Organization not found";

    private final int status;
    private final Map<String, Object> metadata;

    public BillingException(int status, String message, Map<String, Object> metadata) {
        super(message);
        this.status = status;
        this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** 400 naming the offending field, e.g. {@code badRequest("amount", "must be at least 5.00")}. */
    public static BillingException badRequest(String field, String problem) {
        return new BillingException(400, field + ": " + problem, Map.of("field", field));
    }

    public static BillingException unauthorized(String message) {
        return new BillingException(401, message, null);
    }

    public static BillingException forbidden(String message, Map<String, Object> metadata) {
        return new BillingException(403, message, metadata);
    }

    /** Nonexistent, deleted, malformed or someone else's: one answer for all, deliberately. */
    public static BillingException organizationNotFound() {
        return new BillingException(404, ORGANIZATION_NOT_FOUND, null);
    }

    public static BillingException notFound(String message) {
        return new BillingException(404, message, null);
    }

    public static BillingException conflict(String message, Map<String, Object> metadata) {
        return new BillingException(409, message, metadata);
    }

    /** The payment provider (Stripe) failed or could not be reached: the caller may retry. */
    public static BillingException paymentProviderUnavailable(String message) {
        return new BillingException(502, message, null);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }
}
