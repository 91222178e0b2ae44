package dev.switchboard.gateway.errors;

/** The gateway's error reasons, each with its HTTP status (the OpenRouter error envelope's {@code code}). */
public enum ErrorCode {
    BAD_REQUEST(400),
    INVALID_API_KEY(401),
    INSUFFICIENT_CREDITS(402),
    FORBIDDEN(403),
    NOT_FOUND(404),
    MODEL_NOT_FOUND(404),
    UPSTREAM_TIMEOUT(408),
    PAYLOAD_TOO_LARGE(413),
    RATE_LIMITED(429),
    INTERNAL(500),
    UPSTREAM_ERROR(502),
    NO_AVAILABLE_PROVIDER(503),
    /** The gateway's database is away, or usage waiting to be written reached its bound: retry after a few seconds. */
    SERVICE_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
