package dev.switchboard.gateway.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.RetryAfter;
import dev.switchboard.gateway.providers.SecretScrubber;
import java.time.Clock;
import dev.switchboard.gateway.providers.ProviderException.Kind;
import dev.switchboard.gateway.wire.anthropic.ErrorDetail;
import dev.switchboard.gateway.wire.anthropic.ErrorResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * An Anthropic error ({@code {"type":"error","error":{"type","message"}}}) → {@link ProviderException}.
 * The error type decides the kind; the HTTP status decides when the type is missing or unknown (a proxy's
 * HTML page, an empty body). The type and message are kept; a 429's {@code retry-after} (seconds) is read.
 * <pre>
 * invalid_request_error 400, not_found_error 404, request_too_large 413 → INVALID_REQUEST
 * authentication_error 401, permission_error 403                      → AUTH
 * rate_limit_error 429                                                 → RATE_LIMITED
 * api_error 500                                                        → UPSTREAM
 * overloaded_error 529                                                 → OVERLOADED
 * timeout_error 504                                                    → TIMEOUT
 * </pre>
 */
final class AnthropicErrorMapper {

    private static final int MAX_RAW_MESSAGE = 500;

    private final ObjectMapper json;

    AnthropicErrorMapper(ObjectMapper json) {
        this.json = json;
    }

    ProviderException map(int status, Map<String, String> headers, byte[] body) {
        ErrorDetail error = parse(body);
        String type = error == null ? null : error.type();
        Kind kind = type == null ? null : kindOf(type);
        if (kind == null) {
            kind = kindOf(status);
        }
        String message = error != null && error.message() != null ? error.message() : rawMessage(status, body);
        return new ProviderException(kind, status, type, SecretScrubber.scrub(message), RetryAfter.from(headers, Clock.systemUTC()));
    }

    /** The kind an error type means, or null for a type we do not know. */
    static Kind kindOf(String type) {
        return switch (type) {
            case "invalid_request_error", "not_found_error", "request_too_large" -> Kind.INVALID_REQUEST;
            case "authentication_error", "permission_error" -> Kind.AUTH;
            case "rate_limit_error" -> Kind.RATE_LIMITED;
            case "api_error" -> Kind.UPSTREAM;
            case "overloaded_error" -> Kind.OVERLOADED;
            case "timeout_error" -> Kind.TIMEOUT;
            default -> null;
        };
    }

    static Kind kindOf(int status) {
        return switch (status) {
            case 400, 404, 413, 422 -> Kind.INVALID_REQUEST;
            case 401, 403 -> Kind.AUTH;
            case 429 -> Kind.RATE_LIMITED;
            case 503, 529 -> Kind.OVERLOADED;
            case 408, 504 -> Kind.TIMEOUT;
            default -> Kind.UPSTREAM;
        };
    }

    /** The HTTP status Anthropic documents for an error type, for errors that arrive inside a 200 stream. */
    static int statusOf(String type) {
        return switch (type == null ? "" : type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500;
        };
    }

    private ErrorDetail parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            ErrorResponse response = json.readValue(body, ErrorResponse.class);
            return response == null ? null : response.error();
        } catch (Exception e) {
            return null;
        }
    }

    private static String rawMessage(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "Anthropic answered HTTP " + status + " with no body";
        }
        return "Anthropic answered HTTP " + status + ": "
                + (text.length() > MAX_RAW_MESSAGE ? text.substring(0, MAX_RAW_MESSAGE) + "…" : text);
    }
}
