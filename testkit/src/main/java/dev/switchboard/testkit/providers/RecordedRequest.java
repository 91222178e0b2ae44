package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One provider request as the {@link FakeProviderServer} received it. Secrets are masked: the
 * {@code authorization}, {@code x-api-key} and {@code x-goog-api-key} headers and the {@code key} query parameter
 * keep only their last 4 characters ({@code Bearer ***2345}).
 *
 * @param format the wire format (from the path prefix)
 * @param method the HTTP method
 * @param path the path and query, as received (secrets masked)
 * @param model the model from the body (OpenAI, Anthropic) or the path (Gemini); null if the body was not JSON
 * @param headers lower-case header names to values (repeated headers joined with {@code ", "})
 * @param body the raw request body
 * @param stream whether the request asked for a stream
 * @param receivedAt when the body was fully received
 */
public record RecordedRequest(FakeFormat format, String method, String path, String model,
        Map<String, String> headers, String body, boolean stream, Instant receivedAt) {

    /** The body parsed as JSON (a missing node if it is not JSON). */
    public JsonNode json() {
        return FakeJson.parseOrMissing(body);
    }

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
