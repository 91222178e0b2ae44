package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testkit.providers.FakeCalls.Endpoint;
import dev.switchboard.testkit.providers.FakeHttp.Reply;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runtime fault rules ({@code fake.faults()}) through every format and endpoint: two upstream models on one fake,
 * {@code rt-a} faulty and {@code rt-b} healthy, as routing tests use them.
 */
class FakeFaultRulesTest {

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

    /** The retry delay the reply asks for, in seconds, read where its format puts it; null for none. */
    private static String retryHint(Endpoint endpoint, Reply reply) {
        if (endpoint.format != FakeFormat.GEMINI) {
            return reply.header("retry-after");
        }
        JsonNode delay = reply.json().at("/error/details").findValue("retryDelay");
        return delay == null ? null : delay.asText().replace("s", "");
    }

    /** The format's name for the error, from its error body. */
    private static String errorKind(Endpoint endpoint, Reply reply) {
        JsonNode error = reply.json().path("error");
        return switch (endpoint.format) {
            case OPENAI, ANTHROPIC -> error.path("type").asText();
            case GEMINI -> error.path("status").asText();
        };
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void a_failing_model_answers_the_status_with_its_formats_body_while_the_other_answers(Endpoint endpoint)
            throws Exception {
        server.faults().fail("rt-a", 503);

        Reply failed = calls.call(endpoint, "rt-a", "Hi");
        Reply healthy = calls.call(endpoint, "rt-b", "Hi");

        assertThat(failed.status()).isEqualTo(503);
        assertThat(errorKind(endpoint, failed)).isEqualTo(switch (endpoint.format) {
            case OPENAI -> "server_error";
            case ANTHROPIC -> "api_error";
            case GEMINI -> "UNAVAILABLE";
        });
        assertThat(FakeCalls.answeredNormally(endpoint, healthy, "rt-b")).isTrue();
        assertThat(server.requestCount("rt-a")).isEqualTo(1);
        assertThat(server.requestCount("rt-b")).isEqualTo(1);
        assertThat(server.faults().get("rt-a")).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void fail_next_fails_that_many_requests_with_the_retry_hint_then_recovers(Endpoint endpoint) throws Exception {
        server.faults().failNext("rt-a", 429, 2).retryAfter("rt-a", 3);

        Reply first = calls.call(endpoint, "rt-a", "Hi");
        Reply second = calls.call(endpoint, "rt-a", "Hi");
        Reply third = calls.call(endpoint, "rt-a", "Hi");

        assertThat(first.status()).isEqualTo(429);
        assertThat(retryHint(endpoint, first)).isEqualTo("3");
        assertThat(second.status()).isEqualTo(429);
        assertThat(retryHint(endpoint, second)).isEqualTo("3");
        assertThat(FakeCalls.answeredNormally(endpoint, third, "rt-a")).isTrue();
        assertThat(server.faults().get("rt-a")).isNull();
        assertThat(server.requestCount("rt-a")).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void a_rule_is_laid_over_the_requests_directives_and_wins(Endpoint endpoint) throws Exception {
        server.faults().retryAfter("rt-a", 8).fail("rt-c", 503);

        Reply requestError = calls.call(endpoint, "rt-a", "Hi [[error:429]]");
        Reply ruleWins = calls.call(endpoint, "rt-c", "Hi [[error:429]] [[retry-after:6]]");
        Reply unruled = calls.call(endpoint, "rt-b", "Hi [[error:429]] [[retry-after:6]]");

        assertThat(requestError.status()).isEqualTo(429);
        assertThat(retryHint(endpoint, requestError)).isEqualTo("8");
        assertThat(ruleWins.status()).isEqualTo(503);
        assertThat(retryHint(endpoint, ruleWins)).isEqualTo("6");
        assertThat(unruled.status()).isEqualTo(429);
        assertThat(retryHint(endpoint, unruled)).isEqualTo("6");
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"OPENAI_CHAT", "OPENAI_EMBEDDINGS", "ANTHROPIC", "GEMINI"})
    void a_malformed_rule_cuts_the_json_of_that_model_only(Endpoint endpoint) throws Exception {
        server.faults().malformed("rt-a");

        Reply cut = calls.call(endpoint, "rt-a", "Hi");
        Reply whole = calls.call(endpoint, "rt-b", "Hi");

        assertThat(cut.status()).isEqualTo(200);
        assertThatThrownBy(cut::json).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(FakeCalls.answeredNormally(endpoint, whole, "rt-b")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"OPENAI_CHAT_STREAM", "ANTHROPIC_STREAM", "GEMINI_STREAM"})
    void a_midstream_error_rule_breaks_the_stream_of_that_model_after_three_content_events(Endpoint endpoint)
            throws Exception {
        server.faults().midstreamError("rt-a");

        Reply broken = calls.call(endpoint, "rt-a", "Hi");
        Reply whole = calls.call(endpoint, "rt-b", "Hi");

        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body()).contains("\"Hello\"").doesNotContain("\" w5\"");
        assertThat(broken.events().getLast().data()).contains("error");
        assertThat(FakeCalls.answeredNormally(endpoint, whole, "rt-b")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"OPENAI_CHAT", "ANTHROPIC_STREAM", "GEMINI_STREAM"})
    void a_hang_rule_never_answers_that_model_until_cleared(Endpoint endpoint) throws Exception {
        server.faults().hang("rt-a");

        assertThatThrownBy(() -> calls.call(endpoint, "rt-a", "Hi", Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(FakeCalls.answeredNormally(endpoint, calls.call(endpoint, "rt-b", "Hi"), "rt-b")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.cancelledStreams() == 1);

        server.faults().clear("rt-a");
        assertThat(FakeCalls.answeredNormally(endpoint, calls.call(endpoint, "rt-a", "Hi"), "rt-a")).isTrue();
    }

    @Test
    void a_slow_rule_delays_the_first_byte_and_keeps_the_requests_other_directives() throws Exception {
        server.faults().slow("rt-a", 300);

        long start = System.nanoTime();
        Reply slow = calls.call(Endpoint.OPENAI_CHAT, "rt-a", "Hi [[words:2]]");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMillis).isGreaterThanOrEqualTo(300);
        assertThat(slow.json().at("/choices/0/message/content").asText()).isEqualTo("Hello from rt-a. w1 w2");
    }

    @Test
    void reset_clears_the_rules_and_the_per_model_counts() throws Exception {
        server.faults().fail("rt-a", 503);
        calls.call(Endpoint.OPENAI_CHAT, "rt-a", "Hi");

        server.reset();

        assertThat(server.faults().all()).isEmpty();
        assertThat(server.requestCount("rt-a")).isZero();
        assertThat(calls.call(Endpoint.OPENAI_CHAT, "rt-a", "Hi").status()).isEqualTo(200);
    }
}
