package dev.switchboard.testkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeStripeMainTest {

    @Test
    void defaults_are_the_local_platform_ones() {
        try (FakeStripeServer server = FakeStripeMain.run(Map.of(), "--port", "0")) {
            assertThat(server.secretKey()).isEqualTo("sk_test_switchboard_fake");
            assertThat(server.webhookSecret()).isEqualTo(FakeStripeMain.LOCAL_WEBHOOK_SECRET).startsWith("whsec_");
            assertThat(server.webhookEndpoint()).isEqualTo("http://127.0.0.1:8083/stripe/webhook");
            assertThat(FakeStripeMain.readyLine(server)).startsWith("fake-stripe listening on " + server.baseUrl());
            assertThat(StripeTesting.send("GET", server.baseUrl() + "/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_environment_sets_options_and_arguments_win() {
        Map<String, String> env = Map.of("FAKE_STRIPE_PORT", "0", "FAKE_STRIPE_SECRET_KEY", "sk_test_env",
                "FAKE_STRIPE_WEBHOOK_SECRET", "whsec_env", "FAKE_STRIPE_WEBHOOK_URL", "http://127.0.0.1:1/env");
        try (FakeStripeServer server = FakeStripeMain.run(env, "--webhook-url=none", "--secret-key", "sk_test_arg")) {
            assertThat(server.secretKey()).isEqualTo("sk_test_arg");
            assertThat(server.webhookSecret()).isEqualTo("whsec_env");
            assertThat(server.webhookEndpoint()).isNull();
        }
    }

    @Test
    void bad_options_are_refused() {
        assertThatThrownBy(() -> FakeStripeMain.run(Map.of(), "--colour", "red"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> FakeStripeMain.run(Map.of(), "--port", "70000"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FakeStripeMain.run(Map.of(), "--port"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
