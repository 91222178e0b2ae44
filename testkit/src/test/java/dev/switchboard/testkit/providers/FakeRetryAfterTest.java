package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testkit.providers.FakeCalls.Endpoint;
import dev.switchboard.testkit.providers.FakeHttp.Reply;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code retry-after} directive in each provider's own form (see {@link RetryHints}). */
class FakeRetryAfterTest {

    private static FakeProviderServer server;
    private static FakeCalls calls;

    @BeforeAll
    static void start() {
        server = FakeProviderServer.start(0);
        calls = new FakeCalls(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"OPENAI_CHAT", "OPENAI_CHAT_STREAM", "OPENAI_COMPLETIONS",
        "OPENAI_EMBEDDINGS"})
    void openai_429_sends_retry_after_and_its_rate_limit_headers(Endpoint endpoint) throws Exception {
        Reply reply = calls.call(endpoint, "gpt-test", "Hi [[error:429]] [[retry-after:90]]");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("retry-after")).isEqualTo("90");
        assertThat(reply.header("x-ratelimit-limit-requests")).isEqualTo("3");
        assertThat(reply.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(reply.header("x-ratelimit-reset-requests")).isEqualTo("1m30s");
        assertThat(reply.header("x-ratelimit-reset-tokens")).isEqualTo("0s");
        assertThat(reply.json().at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(reply.json().at("/error/message").asText()).endsWith("Please try again in 1m30s.");
    }

    @Test
    void openai_503_sends_only_retry_after_and_errors_without_the_directive_ask_for_the_defaults() throws Exception {
        Reply overloaded = calls.call(Endpoint.OPENAI_CHAT, "fake-fail-503-retry-after-7", "Hi");
        Reply plain503 = calls.call(Endpoint.OPENAI_CHAT, "gpt-test", "Hi [[error:503]]");
        Reply plain429 = calls.call(Endpoint.OPENAI_CHAT, "gpt-test", "Hi [[error:429]]");

        assertThat(overloaded.status()).isEqualTo(503);
        assertThat(overloaded.header("retry-after")).isEqualTo("7");
        assertThat(overloaded.header("x-ratelimit-reset-requests")).isNull();
        assertThat(plain503.header("retry-after")).isNull();
        assertThat(plain429.header("retry-after")).isEqualTo("1");
        assertThat(plain429.header("x-ratelimit-reset-requests")).isEqualTo("1s");
        assertThat(plain429.json().at("/error/message").asText()).endsWith("Please try again in 1s.");
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"ANTHROPIC", "ANTHROPIC_STREAM"})
    void anthropic_429_sends_retry_after_and_its_rate_limit_headers(Endpoint endpoint) throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Reply reply = calls.call(endpoint, "claude-test", "Hi [[error:429]] [[retry-after:12]]");
        Instant after = Instant.now();

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("retry-after")).isEqualTo("12");
        assertThat(reply.header("anthropic-ratelimit-requests-limit")).isEqualTo("3");
        assertThat(reply.header("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
        Instant reset = Instant.parse(reply.header("anthropic-ratelimit-requests-reset"));
        assertThat(reset).isBetween(before.plusSeconds(12), after.plusSeconds(12));
        assertThat(reply.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    @ParameterizedTest
    @CsvSource({"529, overloaded_error", "503, api_error"})
    void anthropic_overload_sends_only_retry_after(int status, String type) throws Exception {
        Reply reply = calls.call(Endpoint.ANTHROPIC, "fake-fail-" + status + "-retry-after-4", "Hi");
        Reply plain = calls.call(Endpoint.ANTHROPIC, "claude-test", "Hi [[error:" + status + "]]");

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.json().at("/error/type").asText()).isEqualTo(type);
        assertThat(reply.header("retry-after")).isEqualTo("4");
        assertThat(reply.header("anthropic-ratelimit-requests-reset")).isNull();
        assertThat(plain.header("retry-after")).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"GEMINI", "GEMINI_STREAM"})
    void gemini_429_puts_retry_info_after_quota_failure_and_help_in_the_body(Endpoint endpoint) throws Exception {
        Reply reply = calls.call(endpoint, "gemini-test", "Hi [[error:429]] [[retry-after:43]]");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("retry-after")).isNull();
        JsonNode error = reply.json().path("error");
        assertThat(error.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.path("details").findValuesAsText("@type")).containsExactly(
                "type.googleapis.com/google.rpc.QuotaFailure", "type.googleapis.com/google.rpc.Help",
                "type.googleapis.com/google.rpc.RetryInfo");
        assertThat(error.at("/details/0/violations/0/quotaDimensions/model").asText()).isEqualTo("gemini-test");
        assertThat(error.at("/details/2/retryDelay").asText()).isEqualTo("43s");
    }

    @Test
    void gemini_503_carries_only_retry_info_and_only_when_asked() throws Exception {
        Reply asked = calls.call(Endpoint.GEMINI, "fake-fail-503-retry-after-5", "Hi");
        Reply plain = calls.call(Endpoint.GEMINI, "gemini-test", "Hi [[error:503]]");

        assertThat(asked.status()).isEqualTo(503);
        assertThat(asked.json().at("/error/status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(asked.json().at("/error/details").findValuesAsText("@type"))
                .containsExactly("type.googleapis.com/google.rpc.RetryInfo");
        assertThat(asked.json().at("/error/details/0/retryDelay").asText()).isEqualTo("5s");
        assertThat(asked.header("retry-after")).isNull();
        assertThat(plain.json().at("/error").has("details")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void retry_after_alone_changes_nothing_in_a_normal_answer(Endpoint endpoint) throws Exception {
        Reply reply = calls.call(endpoint, "fake-retry-after-9", "Hi");

        assertThat(FakeCalls.answeredNormally(endpoint, reply, "fake-retry-after-9")).isTrue();
        assertThat(reply.header("retry-after")).isNull();
    }

    @Test
    void go_durations_are_written_as_openai_writes_them() {
        assertThat(List.of(0, 7, 60, 90, 3600, 3725).stream().map(RetryHints::goDuration))
                .containsExactly("0s", "7s", "1m0s", "1m30s", "1h0m0s", "1h2m5s");
    }
}
