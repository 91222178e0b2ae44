package dev.switchboard.gateway.api.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.gateway.wire.anthropic.ErrorDetail;
import dev.switchboard.gateway.wire.anthropic.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * Our errors in Anthropic's shape for {@code /api/v1/messages}: {@code {"type":"error","error":{"type","message"}}},
 * the error type chosen from the HTTP status as Anthropic documents them (other 4xx are invalid_request_error,
 * other 5xx api_error). Anthropic's SDKs choose their exception from the status; the type is for people.
 */
@ApplicationScoped
public class AnthropicErrorWriter {

    /** Anthropic's error type for an HTTP status. */
    public static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 408, 504 -> "timeout_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
        };
    }

    /** The error body for {@code status}, UTF-8 JSON. */
    public byte[] write(int status, String message) {
        return json(status, message).getBytes(StandardCharsets.UTF_8);
    }

    /** The error body as a string (also the {@code data} of a stream's {@code error} event). */
    public static String json(int status, String message) {
        try {
            return AnthropicMessagesWriter.JSON.writeValueAsString(
                    new ErrorResponse("error", new ErrorDetail(typeFor(status), message), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the error", e);
        }
    }
}
