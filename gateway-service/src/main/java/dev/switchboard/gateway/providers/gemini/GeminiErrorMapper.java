package dev.switchboard.gateway.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.RetryAfter;
import dev.switchboard.gateway.providers.SecretScrubber;
import java.time.Clock;
import dev.switchboard.gateway.providers.ProviderException.Kind;
import dev.switchboard.gateway.wire.gemini.ErrorDetail;
import dev.switchboard.gateway.wire.gemini.ErrorStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A Gemini error ({@code {"error":{"code","message","status","details"}}}, sometimes wrapped in an array) →
 * {@link ProviderException}. The canonical status decides the kind, the HTTP status when it is missing or unknown.
 * A bad API key comes as 400 INVALID_ARGUMENT with ErrorInfo reason API_KEY_INVALID: that is AUTH.
 * Retry delay: the {@code retry-after} header (seconds), else RetryInfo's {@code retryDelay} ("7s").
 * <pre>
 * INVALID_ARGUMENT 400, FAILED_PRECONDITION 400, NOT_FOUND 404, OUT_OF_RANGE 400 → INVALID_REQUEST
 * UNAUTHENTICATED 401, PERMISSION_DENIED 403                                 → AUTH
 * RESOURCE_EXHAUSTED 429                                                     → RATE_LIMITED
 * INTERNAL 500, UNKNOWN 500                                                  → UPSTREAM
 * UNAVAILABLE 503                                                            → OVERLOADED
 * DEADLINE_EXCEEDED 504                                                      → TIMEOUT
 * </pre>
 */
final class GeminiErrorMapper {

    private static final int MAX_RAW_MESSAGE = 500;

    private final ObjectMapper json;

    GeminiErrorMapper(ObjectMapper json) {
        this.json = json;
    }

    ProviderException map(int status, Map<String, String> headers, byte[] body) {
        ErrorStatus error = parse(body);
        if (error == null) {
            return new ProviderException(kindOf(status), status, null, SecretScrubber.scrub(rawMessage(status, body)), RetryAfter.from(headers, Clock.systemUTC()));
        }
        return map(status, headers, error);
    }

    /** An error status (from a body, or sent inside a 200 stream). */
    ProviderException map(int status, Map<String, String> headers, ErrorStatus error) {
        Kind kind = isBadApiKey(error) ? Kind.AUTH : error.status() == null ? null : kindOf(error.status());
        if (kind == null) {
            kind = kindOf(status);
        }
        Duration retryAfter = RetryAfter.from(headers, Clock.systemUTC());
        if (retryAfter == null) {
            retryAfter = retryDelay(error);
        }
        String message = error.message() != null ? error.message() : "Gemini answered HTTP " + status;
        return new ProviderException(kind, status, error.status(), SecretScrubber.scrub(message), retryAfter);
    }

    /** The error status in {@code body}, or null when the body is not a Gemini error. */
    ErrorStatus parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = json.readTree(body);
            return parse(root);
        } catch (Exception e) {
            return null;
        }
    }

    ErrorStatus parse(JsonNode root) {
        if (root != null && root.isArray() && !root.isEmpty()) {
            root = root.get(0);
        }
        if (root == null || !root.path("error").isObject()) {
            return null;
        }
        try {
            return json.treeToValue(root.get("error"), ErrorStatus.class);
        } catch (Exception e) {
            return null;
        }
    }

    static Kind kindOf(String status) {
        return switch (status) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "NOT_FOUND", "OUT_OF_RANGE" -> Kind.INVALID_REQUEST;
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> Kind.AUTH;
            case "RESOURCE_EXHAUSTED" -> Kind.RATE_LIMITED;
            case "INTERNAL", "UNKNOWN", "CANCELLED", "ABORTED" -> Kind.UPSTREAM;
            case "UNAVAILABLE" -> Kind.OVERLOADED;
            case "DEADLINE_EXCEEDED" -> Kind.TIMEOUT;
            default -> null;
        };
    }

    static Kind kindOf(int status) {
        return switch (status) {
            case 400, 404, 413, 422 -> Kind.INVALID_REQUEST;
            case 401, 403 -> Kind.AUTH;
            case 429 -> Kind.RATE_LIMITED;
            case 503 -> Kind.OVERLOADED;
            case 408, 504 -> Kind.TIMEOUT;
            default -> Kind.UPSTREAM;
        };
    }

    private static boolean isBadApiKey(ErrorStatus error) {
        return error.details() != null && error.details().stream()
                .anyMatch(d -> "API_KEY_INVALID".equals(d.reason()));
    }

    /** RetryInfo's {@code retryDelay}, a protobuf Duration in JSON ("7s", "0.5s"), else null. */
    static Duration retryDelay(ErrorStatus error) {
        if (error.details() == null) {
            return null;
        }
        for (ErrorDetail detail : error.details()) {
            String delay = detail.retryDelay();
            if (delay != null && delay.endsWith("s")) {
                try {
                    BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
                    return seconds.signum() < 0 ? null : Duration.ofMillis(seconds.movePointRight(3).longValue());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String rawMessage(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "Gemini answered HTTP " + status + " with no body";
        }
        return "Gemini answered HTTP " + status + ": "
                + (text.length() > MAX_RAW_MESSAGE ? text.substring(0, MAX_RAW_MESSAGE) + "…" : text);
    }
}
