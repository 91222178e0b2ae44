package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testkit.providers.FakeHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeProviderServerTest {

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private static FakeProviderServer server;

    @BeforeAll
    static void start() {
        server = FakeProviderServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    private static Reply chat(String key) throws Exception {
        return FakeHttp.post(server.openAiBaseUrl() + "/chat/completions", CHAT, "authorization", "Bearer " + key);
    }

    @Test
    void health_answers_up_and_urls_point_at_the_bound_port() throws Exception {
        Reply health = FakeHttp.get(server.baseUrl() + "/health");

        assertThat(server.port()).isPositive();
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(server.openAiBaseUrl()).endsWith("/openai/v1");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void the_request_log_keeps_model_body_and_masked_secrets() throws Exception {
        chat("sk-secret-abcd1234");

        RecordedRequest request = server.lastRequest();
        assertThat(request.format()).isEqualTo(FakeFormat.OPENAI);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(request.model()).isEqualTo("m");
        assertThat(request.stream()).isFalse();
        assertThat(request.header("Authorization")).isEqualTo("Bearer ***1234");
        assertThat(request.body()).isEqualTo(CHAT);
        assertThat(request.json().at("/messages/0/content").asText()).isEqualTo("Hi");
        assertThat(server.requestCount(FakeFormat.OPENAI)).isEqualTo(1);
        assertThat(server.requests(FakeFormat.ANTHROPIC)).isEmpty();
    }

    @Test
    void admin_endpoints_serve_the_log_and_the_stats_and_reset_them() throws Exception {
        chat("sk-secret-abcd1234");
        FakeHttp.post(server.openAiBaseUrl() + "/chat/completions", CHAT.replace("}]}", "}],\"stream\":true}"),
                "authorization", "Bearer sk-x");

        JsonNode requests = FakeHttp.get(server.baseUrl() + "/__fake/requests").json();
        JsonNode stats = FakeHttp.get(server.baseUrl() + "/__fake/stats").json();
        JsonNode afterReset = FakeHttp.post(server.baseUrl() + "/__fake/reset", "").json();

        assertThat(requests).hasSize(2);
        assertThat(requests.at("/0/format").asText()).isEqualTo("openai");
        assertThat(requests.at("/0/headers/authorization").asText()).isEqualTo("Bearer ***1234");
        assertThat(requests.at("/1/stream").asBoolean()).isTrue();
        assertThat(stats.at("/requests/openai").asInt()).isEqualTo(2);
        assertThat(stats.at("/requests/anthropic").asInt()).isZero();
        assertThat(stats.path("completedStreams").asInt()).isEqualTo(1);
        assertThat(stats.path("cancelledStreams").asInt()).isZero();
        assertThat(afterReset.at("/requests/openai").asInt()).isZero();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void the_log_is_bounded_to_the_last_thousand_requests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 1010; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return chat("sk-test");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            assertThat(calls).allSatisfy(call -> assertThat(call.join().status()).isEqualTo(200));
        } finally {
            pool.shutdownNow();
        }

        assertThat(server.requests()).hasSize(1000);
        assertThat(server.requestCount(FakeFormat.OPENAI)).isEqualTo(1010);
        assertThat(server.requestCount("m")).isEqualTo(1010);
        assertThat(server.requestCount("other")).isZero();
    }

    @Test
    void a_long_stream_of_ten_thousand_words_arrives_whole() throws Exception {
        Reply reply = FakeHttp.post(server.openAiBaseUrl() + "/chat/completions",
                CHAT.replace("Hi", "[[words:10000]]").replace("}]}", "}],\"stream\":true}"),
                "authorization", "Bearer sk-x");

        StringBuilder text = new StringBuilder();
        reply.events().stream().filter(e -> !e.data().equals("[DONE]"))
                .forEach(e -> text.append(e.json().at("/choices/0/delta/content").asText("")));
        assertThat(FakeJson.countWords(text.toString())).isEqualTo(10_003);
        assertThat(text.toString()).endsWith(" w10000");
    }

    @Test
    void the_test_resource_publishes_the_url_and_stops_the_server() throws Exception {
        FakeProvidersResource resource = new FakeProvidersResource();
        Map<String, String> config = resource.start();
        String url = config.get("switchboard.fake-provider.url");
        try {
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(FakeHttp.get(url + "/health").status()).isEqualTo(200);
        } finally {
            resource.stop();
        }
        assertThatThrownBy(() -> FakeHttp.get(url + "/health")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void main_starts_a_server_from_port_and_host_arguments() throws Exception {
        try (FakeProviderServer started = FakeProviderMain.run("--port", "0", "--host", "127.0.0.1")) {
            assertThat(FakeHttp.get(started.baseUrl() + "/health").json().path("status").asText()).isEqualTo("UP");
        }
        assertThatThrownBy(() -> FakeProviderMain.run("--bogus", "1")).isInstanceOf(IllegalArgumentException.class);
    }
}
