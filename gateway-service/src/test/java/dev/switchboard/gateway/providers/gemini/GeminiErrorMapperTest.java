package dev.switchboard.gateway.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderException.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeminiErrorMapperTest {

    private final GeminiAdapter adapter = new GeminiAdapter();

    private static String body(int code, String status, String message) {
        return "{\n  \"error\": {\n    \"code\": " + code + ",\n    \"message\": \"" + message + "\",\n    \"status\": \""
                + status + "\"\n  }\n}\n";
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", Kind.INVALID_REQUEST, false),
                Arguments.of(400, "FAILED_PRECONDITION", "User location is not supported for the API use.",
                        Kind.INVALID_REQUEST, false),
                Arguments.of(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", Kind.AUTH, true),
                Arguments.of(403, "PERMISSION_DENIED", "The caller does not have permission", Kind.AUTH, true),
                Arguments.of(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta, or is not supported "
                        + "for generateContent.", Kind.INVALID_REQUEST, false),
                Arguments.of(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).",
                        Kind.RATE_LIMITED, true),
                Arguments.of(500, "INTERNAL", "An internal error has occurred.", Kind.UPSTREAM, true),
                Arguments.of(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", Kind.OVERLOADED, true),
                Arguments.of(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.", Kind.TIMEOUT, true));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void classifies_gemini_errors_by_status(int code, String status, String message, Kind kind, boolean retryable) {
        ProviderException e = adapter.readError(code, Map.of(), body(code, status, message).getBytes());

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.upstreamStatus()).isEqualTo(code);
        assertThat(e.upstreamCode()).isEqualTo(status);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void treats_an_invalid_api_key_as_auth_although_gemini_says_invalid_argument() {
        String body = """
                {
                  "error": {
                    "code": 400,
                    "message": "API key not valid. Please pass a valid API key.",
                    "status": "INVALID_ARGUMENT",
                    "details": [
                      {
                        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason": "API_KEY_INVALID",
                        "domain": "googleapis.com",
                        "metadata": {"service": "generativelanguage.googleapis.com"}
                      }
                    ]
                  }
                }
                """;

        ProviderException e = adapter.readError(400, Map.of(), body.getBytes());

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).isEqualTo("API key not valid. Please pass a valid API key.");
    }

    @Test
    void reads_the_retry_delay_of_a_quota_error() {
        String body = """
                {
                  "error": {
                    "code": 429,
                    "message": "You exceeded your current quota, please check your plan and billing details.",
                    "status": "RESOURCE_EXHAUSTED",
                    "details": [
                      {
                        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                        "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                                        "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]
                      },
                      {
                        "@type": "type.googleapis.com/google.rpc.Help",
                        "links": [{"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]
                      },
                      {
                        "@type": "type.googleapis.com/google.rpc.RetryInfo",
                        "retryDelay": "7.5s"
                      }
                    ]
                  }
                }
                """;

        ProviderException e = adapter.readError(429, Map.of(), body.getBytes());

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(7500));
    }

    @Test
    void prefers_the_retry_after_header_to_the_retry_delay() {
        ProviderException e = adapter.readError(429, Map.of("retry-after", "3"),
                body(429, "RESOURCE_EXHAUSTED", "quota").getBytes());

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void reads_an_error_wrapped_in_an_array() {
        ProviderException e = adapter.readError(503, Map.of(),
                ("[" + body(503, "UNAVAILABLE", "The model is overloaded.") + "]").getBytes());

        assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(e.getMessage()).isEqualTo("The model is overloaded.");
    }

    @Test
    void classifies_a_non_json_body_by_status_and_keeps_its_text() {
        ProviderException e = adapter.readError(502, Map.of(), "<html><title>Error 502 (Server Error)!!1</title></html>".getBytes());

        assertThat(e.kind()).isEqualTo(Kind.UPSTREAM);
        assertThat(e.upstreamCode()).isNull();
        assertThat(e.getMessage()).contains("HTTP 502").contains("Server Error");
    }
}
