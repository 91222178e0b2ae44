package dev.switchboard.gateway.providers.anthropic;

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

class AnthropicErrorMapperTest {

    private final AnthropicAdapter adapter = new AnthropicAdapter();

    private static String body(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},"
                + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(400, "invalid_request_error", "max_tokens: Field required", Kind.INVALID_REQUEST, false),
                Arguments.of(401, "authentication_error", "invalid x-api-key", Kind.AUTH, true),
                Arguments.of(403, "permission_error", "Your API key does not have permission to use the specified resource.",
                        Kind.AUTH, true),
                Arguments.of(404, "not_found_error", "model: claude-sonnet-9", Kind.INVALID_REQUEST, false),
                Arguments.of(413, "request_too_large", "Request exceeds the maximum allowed number of bytes.",
                        Kind.INVALID_REQUEST, false),
                Arguments.of(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit",
                        Kind.RATE_LIMITED, true),
                Arguments.of(500, "api_error", "Internal server error", Kind.UPSTREAM, true),
                Arguments.of(529, "overloaded_error", "Overloaded", Kind.OVERLOADED, true),
                Arguments.of(504, "timeout_error", "Request timed out", Kind.TIMEOUT, true));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void classifies_anthropic_errors_by_type(int status, String type, String message, Kind kind, boolean retryable) {
        ProviderException e = adapter.readError(status, Map.of(), body(type, message).getBytes());

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.upstreamStatus()).isEqualTo(status);
        assertThat(e.upstreamCode()).isEqualTo(type);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void reads_retry_after_seconds_of_a_rate_limit_in_any_header_case() {
        ProviderException e = adapter.readError(429, Map.of("Retry-After", "17"),
                body("rate_limit_error", "rate limited").getBytes());

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17));
    }

    @Test
    void classifies_a_non_json_body_by_status_and_keeps_its_text() {
        ProviderException e = adapter.readError(502, Map.of(), "<html><body>502 Bad Gateway</body></html>".getBytes());

        assertThat(e.kind()).isEqualTo(Kind.UPSTREAM);
        assertThat(e.upstreamCode()).isNull();
        assertThat(e.getMessage()).contains("HTTP 502").contains("502 Bad Gateway");
    }

    @Test
    void classifies_an_empty_529_as_overloaded() {
        ProviderException e = adapter.readError(529, Map.of(), new byte[0]);

        assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(e.getMessage()).contains("529");
    }

    @Test
    void falls_back_to_the_status_for_an_unknown_error_type() {
        ProviderException e = adapter.readError(429, Map.of(), body("new_kind_of_error", "slow down").getBytes());

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.upstreamCode()).isEqualTo("new_kind_of_error");
    }
}
