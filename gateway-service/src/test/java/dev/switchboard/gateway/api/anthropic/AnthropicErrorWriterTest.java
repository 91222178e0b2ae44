package dev.switchboard.gateway.api.anthropic;

import static dev.switchboard.gateway.providers.ProviderFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicErrorWriterTest {

    @ParameterizedTest
    @CsvSource({"400, invalid_request_error", "401, authentication_error", "402, billing_error", "403, permission_error",
            "404, not_found_error", "408, timeout_error", "413, request_too_large", "422, invalid_request_error",
            "429, rate_limit_error", "500, api_error", "502, api_error", "503, overloaded_error", "529, overloaded_error"})
    void writes_errors_in_anthropic_shape(int status, String type) {
        assertThat(json(new AnthropicErrorWriter().write(status, "Something went wrong")))
                .isEqualTo(json(("{\"type\":\"error\",\"error\":{\"type\":\"" + type
                        + "\",\"message\":\"Something went wrong\"}}").getBytes()));
    }
}
