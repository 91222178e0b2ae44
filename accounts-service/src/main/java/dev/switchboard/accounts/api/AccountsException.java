package dev.switchboard.accounts.api;

import java.util.Map;

/**
 * The root of every error accounts-service answers with. {@link ApiExceptionMapper} renders it as
 * {@code {"error":{"code":<status>,"message":"…","metadata":{…}}}} with HTTP status = code, the same envelope as the
 * gateway's, so {@code web} needs one parser.
 */
public class AccountsException extends RuntimeException {

    /** The one text for every organization the caller may not see, so a 404 tells nothing about what exists. */
    public static final String ORGANIZATION_NOT_FOUND = "Organization not found";
    /** The one text for every key the caller may not see: another organization's, another member's, deleted, made up. */
    public static final String API_KEY_NOT_FOUND = "API key not found";

    private final int status;
    private final Map<String, Object> metadata;

    public AccountsException(int status, String message, Map<String, Object> metadata) {
        super(message);
        this.status = status;
        this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** 400 naming the offending field, e.g. {@code badRequest("name", "must be 1 to 100 characters")}. */
    public static AccountsException badRequest(String field, String problem) {
        return new AccountsException(400, field + ": " + problem, Map.of("field", field));
    }

    public static AccountsException unauthorized(String message) {
        return new AccountsException(401, message, null);
    }

    public static AccountsException forbidden(String message, Map<String, Object> metadata) {
        return new AccountsException(403, message, metadata);
    }

    /** Nonexistent, deleted, malformed or someone else's: one answer for all, deliberately. */
    public static AccountsException organizationNotFound() {
        return new AccountsException(404, ORGANIZATION_NOT_FOUND, null);
    }

    /** Nonexistent, deleted, malformed, another organization's or (for a member) another member's key. */
    public static AccountsException apiKeyNotFound() {
        return new AccountsException(404, API_KEY_NOT_FOUND, null);
    }

    public static AccountsException notFound(String message) {
        return new AccountsException(404, message, null);
    }

    public static AccountsException conflict(String message, Map<String, Object> metadata) {
        return new AccountsException(409, message, metadata);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }
}
