package dev.switchboard.gateway.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderException.Kind;
import dev.switchboard.gateway.providers.RetryAfter;
import dev.switchboard.gateway.providers.SecretScrubber;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible error → {@link ProviderException}. The HTTP status decides the kind; the provider's
 * message and code are kept (secrets scrubbed). Reads the shapes the compatible servers use:
 * OpenAI, Groq, DeepSeek, xAI, llama.cpp {@code {"error":{"message","type","code"}}}, Mistral and vLLM
 * {@code {"object":"error","message","type","code"}}, Ollama {@code {"error":"…"}}, FastAPI {@code {"detail":…}}.
 * <pre>
 * 400, 404, 413, 422 → INVALID_REQUEST (CONTENT_FILTERED when the provider blames its content policy)
 * 401, 403, 402      → AUTH (our key or our account at the provider)
 * 408, 524           → TIMEOUT
 * 429                → RATE_LIMITED (Retry-After in seconds or as a date, retry-after-ms)
 * 503, 529           → OVERLOADED
 * 500, 502, 504, 5xx → UPSTREAM;  other 4xx → INVALID_REQUEST
 * </pre>
 */
final class OpenAiErrorMapper {

    private static final int MAX_MESSAGE = 1000;
    private static final Pattern CONTENT_POLICY = Pattern.compile(
            "(?i)content[ _-]?(management[ _-])?polic|content[ _-]?filter|usage polic|flagged|safety system");

    private final ObjectMapper json;
    private final Clock clock;

    OpenAiErrorMapper(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** An error response (status ≥ 400). */
    ProviderException map(int status, Map<String, String> headers, byte[] body) {
        Fields error = fields(parse(body));
        Kind kind = kindOf(status);
        if ((kind == Kind.INVALID_REQUEST || status == 403) && error.mentionsContentPolicy()) {
            kind = Kind.CONTENT_FILTERED;
        }
        String message = error.message != null ? error.message : rawMessage(status, body);
        return new ProviderException(kind, status, error.code(), clean(message), RetryAfter.from(headers, clock));
    }

    /**
     * An error object sent inside a successful response: a stream chunk's {@code error}, or a 200 body that is an
     * error. An integer {@code code} (OpenRouter) is read as an HTTP status; a string code or type decides otherwise.
     */
    ProviderException mapEmbedded(JsonNode errorNode) {
        Fields error = fields(errorNode);
        int status = error.numericCode >= 400 && error.numericCode <= 599 ? error.numericCode : 200;
        Kind kind = status != 200 ? kindOf(status) : kindOfType(error.code());
        if (kind != Kind.AUTH && error.mentionsContentPolicy()) {
            kind = Kind.CONTENT_FILTERED;
        }
        String message = error.message != null ? error.message : "the provider reported an error in its response";
        return new ProviderException(kind, status, error.code(), clean(message), null);
    }

    static Kind kindOf(int status) {
        return switch (status) {
            case 401, 402, 403 -> Kind.AUTH;
            case 408, 524 -> Kind.TIMEOUT;
            case 429 -> Kind.RATE_LIMITED;
            case 503, 529 -> Kind.OVERLOADED;
            default -> status >= 400 && status < 500 ? Kind.INVALID_REQUEST : Kind.UPSTREAM;
        };
    }

    private static Kind kindOfType(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (t.contains("rate_limit") || t.contains("quota")) {
            return Kind.RATE_LIMITED;
        }
        if (t.contains("overload") || t.contains("unavailable") || t.contains("capacity")) {
            return Kind.OVERLOADED;
        }
        if (t.contains("timeout")) {
            return Kind.TIMEOUT;
        }
        if (t.contains("auth") || t.contains("api_key") || t.contains("permission")) {
            return Kind.AUTH;
        }
        if (t.contains("invalid_request") || t.contains("context_length") || t.contains("bad_request")) {
            return Kind.INVALID_REQUEST;
        }
        return Kind.UPSTREAM;
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    /** Finds message, type and code wherever the server put them. */
    private static Fields fields(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return Fields.NONE;
        }
        JsonNode error = root.has("error") ? root.get("error") : root;
        if (error.isTextual()) {
            return new Fields(error.asText(), null, null, 0);
        }
        if (!error.isObject()) {
            return Fields.NONE;
        }
        String message = text(error.get("message"));
        if (message == null && error.has("detail")) {
            JsonNode detail = error.get("detail");
            message = detail.isTextual() ? detail.asText() : detail.toString();
        }
        JsonNode code = error.get("code");
        String codeText = code != null && code.isTextual() && !code.asText().isBlank() ? code.asText() : null;
        int numericCode = code != null && code.canConvertToInt() && code.isIntegralNumber() ? code.asInt() : 0;
        return new Fields(message, text(error.get("type")), codeText, numericCode);
    }

    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String rawMessage(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "the provider answered HTTP " + status + " with no body"
                : "the provider answered HTTP " + status + ": " + text;
    }

    private static String clean(String message) {
        String scrubbed = SecretScrubber.scrub(message);
        return scrubbed.length() > MAX_MESSAGE ? scrubbed.substring(0, MAX_MESSAGE) + "…" : scrubbed;
    }

    private record Fields(String message, String type, String codeText, int numericCode) {

        static final Fields NONE = new Fields(null, null, null, 0);

        /** The provider's code when it is a string ("rate_limit_exceeded"), else its type ("server_error"). */
        String code() {
            return codeText != null ? codeText : type;
        }

        boolean mentionsContentPolicy() {
            return (codeText != null && CONTENT_POLICY.matcher(codeText).find())
                    || (message != null && CONTENT_POLICY.matcher(message).find());
        }
    }
}
