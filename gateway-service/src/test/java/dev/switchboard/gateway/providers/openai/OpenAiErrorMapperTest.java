package dev.switchboard.gateway.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.providers.ProviderFixtures;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderException.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiErrorMapperTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final OpenAiAdapter adapter = new OpenAiAdapter(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            // status, fixture,                          kind,             retryable, upstream code
            "400, error-context-length.response.json,     INVALID_REQUEST,  false, context_length_exceeded",
            "400, error-invalid-prompt.response.json,     CONTENT_FILTERED, false, invalid_prompt",
            "400, error-azure-content-filter.response.json, CONTENT_FILTERED, false, content_filter",
            "400, error-vllm-bad-request.response.json,   INVALID_REQUEST,  false, BadRequestError",
            "401, error-invalid-api-key.response.json,    AUTH,             true,  invalid_api_key",
            "402, error-deepseek-balance.response.json,   AUTH,             true,  invalid_request_error",
            "403, error-region.response.json,             AUTH,             true,  unsupported_country_region_territory",
            "404, error-model-not-found.response.json,    INVALID_REQUEST,  false, model_not_found",
            "404, error-ollama-not-found.response.json,   INVALID_REQUEST,  false, null",
            "408, error-timeout.response.json,            TIMEOUT,          true,  timeout",
            "413, error-too-large.response.json,          INVALID_REQUEST,  false, payload_too_large",
            "422, error-mistral-unprocessable.response.json, INVALID_REQUEST, false, invalid_request_error",
            "429, error-rate-limit.response.json,         RATE_LIMITED,     true,  rate_limit_exceeded",
            "429, error-insufficient-quota.response.json, RATE_LIMITED,     true,  insufficient_quota",
            "500, error-server.response.json,             UPSTREAM,         true,  server_error",
            "502, error-bad-gateway.response.html,        UPSTREAM,         true,  null",
            "503, error-overloaded.response.json,         OVERLOADED,       true,  server_error",
            "504, error-server.response.json,             UPSTREAM,         true,  server_error",
            "524, error-timeout.response.json,            TIMEOUT,          true,  timeout",
            "529, error-anthropic-compat-overloaded.response.json, OVERLOADED, true, overloaded_error",
            "418, error-server.response.json,             INVALID_REQUEST,  false, server_error",
            "507, error-server.response.json,             UPSTREAM,         true,  server_error"})
    void classifies_real_error_bodies(int status, String fixture, Kind kind, boolean retryable, String code) {
        ProviderException e = adapter.readError(status, Map.of(), ProviderFixtures.bytes("openai/" + fixture));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.upstreamStatus()).isEqualTo(status);
        assertThat(e.upstreamCode()).isEqualTo(code);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void keeps_the_providers_message() {
        ProviderException e = adapter.readError(400, Map.of(), ProviderFixtures.bytes("openai/error-context-length.response.json"));

        assertThat(e.getMessage()).isEqualTo("This model's maximum context length is 128000 tokens. However, your messages "
                + "resulted in 130112 tokens. Please reduce the length of the messages.");
    }

    @Test
    void reads_the_message_of_ollama_and_vllm_shapes() {
        assertThat(adapter.readError(404, Map.of(), ProviderFixtures.bytes("openai/error-ollama-not-found.response.json")).getMessage())
                .isEqualTo("model \"llama9\" not found, try pulling it first");
        assertThat(adapter.readError(400, Map.of(), ProviderFixtures.bytes("openai/error-vllm-bad-request.response.json")).getMessage())
                .startsWith("This model's maximum context length is 4096 tokens.");
    }

    @Test
    void a_body_that_is_not_json_is_quoted_and_an_empty_one_named() {
        assertThat(adapter.readError(502, Map.of(), ProviderFixtures.bytes("openai/error-bad-gateway.response.html")).getMessage())
                .startsWith("the provider answered HTTP 502: <html>").contains("502 Bad Gateway");
        assertThat(adapter.readError(503, Map.of(), new byte[0]).getMessage())
                .isEqualTo("the provider answered HTTP 503 with no body");
    }

    @Test
    void scrubs_keys_from_messages() {
        String body = """
                {"error":{"message":"Incorrect API key provided: sk-proj-Abc123def456GHI789jkl. Header was Bearer gsk_abcdefghijklmnopqrstu; \
                xAI key xai-ABCDEFGHIJKLMNOP1234; api_key=AIzaSyA1234567890abcdefghijklmnopq; token 0123456789abcdef0123456789abcdef01",
                 "type":"invalid_request_error","code":"invalid_api_key"}}""";

        String message = adapter.readError(401, Map.of(), body.getBytes(StandardCharsets.UTF_8)).getMessage();

        assertThat(message).doesNotContain("Abc123def456", "gsk_abcdef", "xai-ABCD", "AIzaSy", "0123456789abcdef0123")
                .contains("Incorrect API key provided: [redacted]", "Bearer [redacted]", "api_key=[redacted]");
    }

    @Test
    void keeps_request_ids_and_model_names_readable() {
        String body = "{\"error\":{\"message\":\"The model `gpt-4o-mini-2024-07-18` failed; request ID "
                + "req_8c5ab8c8e4d34b6a9f1f2f35a1b6e2c1.\",\"type\":\"server_error\"}}";

        assertThat(adapter.readError(500, Map.of(), body.getBytes(StandardCharsets.UTF_8)).getMessage())
                .contains("gpt-4o-mini-2024-07-18", "req_8c5ab8c8e4d34b6a9f1f2f35a1b6e2c1");
    }

    @Test
    void truncates_a_huge_message() {
        String body = "{\"error\":{\"message\":\"" + "x ".repeat(5000) + "\"}}";

        assertThat(adapter.readError(500, Map.of(), body.getBytes(StandardCharsets.UTF_8)).getMessage()).hasSizeLessThan(1100);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "retry-after        | 20                              | PT20S",
            "Retry-After        | 1.5                             | PT1.5S",
            "retry-after        | Sun, 01 Jun 2025 12:00:30 GMT   | PT30S",
            "retry-after        | Sun, 01 Jun 2025 11:00:00 GMT   | PT0S",
            "retry-after        | soon                            | null",
            "retry-after        | -3                              | null",
            "retry-after-ms     | 250                             | PT0.25S",
            "x-ratelimit-reset  | 5                               | null"})
    void reads_retry_after_as_seconds_dates_and_milliseconds(String header, String value, String expected) {
        ProviderException e = adapter.readError(429, Map.of(header, value), ProviderFixtures.bytes("openai/error-rate-limit.response.json"));

        assertThat(e.retryAfter()).isEqualTo(expected == null ? null : Duration.parse(expected));
    }

    @Test
    void retry_after_ms_wins_over_retry_after() {
        ProviderException e = adapter.readError(429, Map.of("retry-after", "2", "retry-after-ms", "1500"),
                ProviderFixtures.bytes("openai/error-rate-limit.response.json"));

        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void a_503_may_also_carry_retry_after() {
        ProviderException e = adapter.readError(503, Map.of("Retry-After", "7"), ProviderFixtures.bytes("openai/error-overloaded.response.json"));

        assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }
}
