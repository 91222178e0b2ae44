package dev.switchboard.gateway.providers;

import java.time.Duration;

/**
 * A provider's failure, classified. Adapters create these from the provider's error response (status,
 * headers, body) and keep the provider's own reason, so the client sees it instead of an opaque error.
 * Only routing decides whether to retry, from {@link #retryable()}.
 */
public class ProviderException extends RuntimeException {

    public enum Kind {
        /** The provider refused our credentials: our configuration, not the client's fault. */
        AUTH,
        RATE_LIMITED,
        OVERLOADED,
        TIMEOUT,
        /** The provider says the request is invalid (the client's parameters). */
        INVALID_REQUEST,
        CONTENT_FILTERED,
        /** The response could not be understood (malformed body, unexpected shape). */
        BAD_RESPONSE,
        /** Any other provider-side failure (5xx, connection reset). */
        UPSTREAM
    }

    private final Kind kind;
    private final int upstreamStatus;
    private final String upstreamCode;
    private final Duration retryAfter;
    private final String detail;

    /**
     * @param upstreamStatus the provider's HTTP status, 0 when there was none (connection failure)
     * @param upstreamCode   the provider's error type/code ("rate_limit_exceeded", "overloaded_error", "RESOURCE_EXHAUSTED"), or null
     * @param message        the provider's own message (secrets scrubbed)
     * @param retryAfter     from Retry-After when given, else null
     */
    public ProviderException(Kind kind, int upstreamStatus, String upstreamCode, String message, Duration retryAfter) {
        this(kind, upstreamStatus, upstreamCode, message, retryAfter, null);
    }

    /**
     * @param message what the client may read (it becomes part of the response)
     * @param detail  what only operators may read, or null: e.g. the provider's address a connection failure names
     */
    public ProviderException(Kind kind, int upstreamStatus, String upstreamCode, String message, Duration retryAfter, String detail) {
        super(message);
        this.kind = kind;
        this.upstreamStatus = upstreamStatus;
        this.upstreamCode = upstreamCode;
        this.retryAfter = retryAfter;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    public int upstreamStatus() {
        return upstreamStatus;
    }

    public String upstreamCode() {
        return upstreamCode;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** For the log and the generation's {@code error_message}, never the response; null when the message says it all. */
    public String detail() {
        return detail;
    }

    /** Whether another attempt (same or next endpoint) may succeed: rate limits, overload, timeouts, 5xx, bad responses. */
    public boolean retryable() {
        return switch (kind) {
            case RATE_LIMITED, OVERLOADED, TIMEOUT, UPSTREAM, BAD_RESPONSE, AUTH -> true;
            case INVALID_REQUEST, CONTENT_FILTERED -> false;
        };
    }
}
