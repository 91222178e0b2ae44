package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testkit.providers.FakeCalls.Endpoint;
import dev.switchboard.testkit.providers.FakeHttp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fault rules over HTTP ({@code /__fake/faults}), as bench and the local platform use the fake process. */
class FakeFaultsRoutesTest {

    private static FakeProviderServer server;
    private static FakeCalls calls;
    private static String faults;

    @BeforeAll
    static void start() {
        server = FakeProviderMain.run("--port", "0", "--host", "127.0.0.1");
        calls = new FakeCalls(server);
        faults = server.baseUrl() + "/__fake/faults";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    @Test
    void put_stores_a_counted_rule_that_fails_then_recovers_and_get_shows_it() throws Exception {
        Reply put = FakeHttp.put(faults + "/rt-a", "{\"error\":503,\"retryAfter\":2,\"times\":2}");
        JsonNode listed = FakeHttp.get(faults).json();

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("error").asInt()).isEqualTo(503);
        assertThat(put.json().path("times").asInt()).isEqualTo(2);
        assertThat(listed.fieldNames()).toIterable().containsExactly("rt-a");
        assertThat(listed.at("/rt-a/retryAfter").asInt()).isEqualTo(2);
        assertThat(listed.at("/rt-a/hang").asBoolean()).isFalse();
        assertThat(server.faults().get("rt-a")).isEqualTo(Fault.NONE.withError(503).withRetryAfter(2).times(2));

        Reply first = calls.call(Endpoint.ANTHROPIC, "rt-a", "Hi");
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.header("retry-after")).isEqualTo("2");
        assertThat(FakeHttp.get(faults + "/rt-a").json().path("times").asInt()).isEqualTo(1);
        assertThat(calls.call(Endpoint.ANTHROPIC, "rt-a", "Hi").status()).isEqualTo(503);
        assertThat(calls.call(Endpoint.ANTHROPIC, "rt-a", "Hi").status()).isEqualTo(200);
        assertThat(FakeHttp.get(faults + "/rt-a").status()).isEqualTo(404);
    }

    @Test
    void put_replaces_the_rule_and_a_rule_without_times_applies_until_deleted() throws Exception {
        server.faults().fail("rt-a", 500).slow("rt-a", 10);

        Reply put = FakeHttp.put(faults + "/rt-a", "{\"hang\":false,\"midstreamError\":true}");

        assertThat(put.json().path("times").isNull()).isTrue();
        assertThat(server.faults().get("rt-a")).isEqualTo(Fault.NONE.withMidstreamError());
        for (int i = 0; i < 3; i++) {
            assertThat(calls.call(Endpoint.OPENAI_CHAT_STREAM, "rt-a", "Hi").body()).doesNotContain("\" w5\"");
        }
        Reply deleted = FakeHttp.delete(faults + "/rt-a");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(server.faults().all()).isEmpty();
        assertThat(FakeCalls.answeredNormally(Endpoint.OPENAI_CHAT_STREAM,
                calls.call(Endpoint.OPENAI_CHAT_STREAM, "rt-a", "Hi"), "rt-a")).isTrue();
    }

    @Test
    void a_rule_set_in_java_is_listed_over_http_and_delete_all_clears_every_rule() throws Exception {
        server.faults().hang("rt-b").failNext("rt-a", 429, 4);

        JsonNode listed = FakeHttp.get(faults).json();
        Reply deleted = FakeHttp.delete(faults);

        assertThat(listed.fieldNames()).toIterable().containsExactly("rt-a", "rt-b");
        assertThat(listed.at("/rt-a/error").asInt()).isEqualTo(429);
        assertThat(listed.at("/rt-a/times").asInt()).isEqualTo(4);
        assertThat(listed.at("/rt-b/hang").asBoolean()).isTrue();
        assertThat(listed.at("/rt-b/times").isNull()).isTrue();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(server.faults().all()).isEmpty();
        assertThat(FakeHttp.get(faults).json().isEmpty()).isTrue();
    }

    @Test
    void a_model_name_with_a_slash_may_be_written_plain_or_encoded() throws Exception {
        FakeHttp.put(faults + "/vendor/rt-a", "{\"error\":502}");
        FakeHttp.put(faults + "/vendor%2Frt-b+x", "{\"error\":504}");

        assertThat(server.faults().get("vendor/rt-a").errorStatus()).isEqualTo(502);
        assertThat(server.faults().get("vendor/rt-b+x").errorStatus()).isEqualTo(504);
        assertThat(FakeHttp.get(faults + "/vendor%2Frt-a").json().path("error").asInt()).isEqualTo(502);
        assertThat(calls.call(Endpoint.OPENAI_CHAT, "vendor/rt-a", "Hi").status()).isEqualTo(502);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1]", "{\"error\":200}", "{\"times\":0}", "{\"hang\":\"yes\"}",
        "{\"slowMs\":-1}", "{\"retryAfter\":1.5}", "{\"status\":503}"})
    void a_bad_rule_is_a_400_and_changes_nothing(String body) throws Exception {
        server.faults().fail("rt-a", 503);

        Reply reply = FakeHttp.put(faults + "/rt-a", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).startsWith("bad fault rule");
        assertThat(server.faults().get("rt-a")).isEqualTo(Fault.NONE.withError(503));
    }

    @Test
    void reset_clears_the_rules_stats_count_per_model_and_other_methods_are_refused() throws Exception {
        server.faults().fail("rt-a", 503);
        calls.call(Endpoint.GEMINI, "rt-a", "Hi");
        calls.call(Endpoint.GEMINI, "rt-b", "Hi");
        calls.call(Endpoint.OPENAI_CHAT, "rt-b", "Hi");

        JsonNode stats = FakeHttp.get(server.baseUrl() + "/__fake/stats").json();
        Reply post = FakeHttp.post(faults + "/rt-a", "{}");
        Reply putAll = FakeHttp.put(faults, "{}");
        FakeHttp.post(server.baseUrl() + "/__fake/reset", "");

        assertThat(stats.at("/models/rt-a").asInt()).isEqualTo(1);
        assertThat(stats.at("/models/rt-b").asInt()).isEqualTo(2);
        assertThat(post.status()).isEqualTo(405);
        assertThat(putAll.status()).isEqualTo(405);
        assertThat(server.faults().all()).isEmpty();
        assertThat(FakeHttp.get(server.baseUrl() + "/__fake/stats").json().path("models").isEmpty()).isTrue();
    }
}
