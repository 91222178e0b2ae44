package dev.switchboard.gateway.errors;

import java.util.Map;

/**
 * The root of every error the gateway answers with. Rendered once, by the API's failure handler, as
 * {@code {"error":{"code":<status>,"message":"…","metadata":{…}}}} with HTTP status = code.
 */
public class ApiException extends RuntimeException {

    /** What a 503 of the gateway's own suggests: a database restart or failover usually takes a few seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final ErrorCode code;
    private final Map<String, Object> metadata;

    public ApiException(ErrorCode code, String message, Map<String, Object> metadata) {
        super(message);
        this.code = code;
        this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** A 400 naming the offending field, e.g. {@code badRequest("messages[0].role", "must be one of system, user, assistant, tool")}. */
    public static ApiException badRequest(String field, String problem) {
        return new ApiException(ErrorCode.BAD_REQUEST, field + ": " + problem, Map.of("field", field));
    }

    /** 503 with Retry-After: the gateway cannot do its part right now (its database is away); the client should retry. */
    public static ApiException unavailable(String message) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, message, Map.of("retry_after_seconds", RETRY_AFTER_SECONDS));
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }
}
