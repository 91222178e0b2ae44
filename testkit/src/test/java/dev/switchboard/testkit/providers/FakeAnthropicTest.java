package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testkit.providers.FakeHttp.Reply;
import dev.switchboard.testkit.providers.FakeHttp.SseEvent;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakeAnthropicTest {

    private static final String TOOLS = """
            "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object",
              "properties":{"city":{"type":"string"},"days":{"type":"integer"},"metric":{"type":"boolean"}}}},
              {"name":"get_time","input_schema":{"type":"object","properties":{"zone":{"type":"string"}}}}]""";

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

    private static Reply messages(String body) throws IOException, InterruptedException {
        return FakeHttp.post(server.anthropicBaseUrl() + "/v1/messages", body,
                "x-api-key", "sk-ant-test-1234", "anthropic-version", "2023-06-01");
    }

    private static String user(String model, String text, String extra) {
        return """
                {"model":"%s","max_tokens":1024,"system":"Be brief.",
                "messages":[{"role":"user","content":"%s"}]%s}""".formatted(model, text, extra);
    }

    @Test
    void replies_with_a_text_message_and_anthropic_usage() throws Exception {
        Reply reply = messages(user("claude-test", "Say hello to me", ""));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("request-id")).startsWith("req_");
        JsonNode body = reply.json();
        assertThat(body.path("id").asText()).startsWith("msg_");
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("model").asText()).isEqualTo("claude-test");
        assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(body.at("/content/0/text").asText()).isEqualTo("Hello from claude-test. w1 w2 w3 w4 w5");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.get("stop_sequence").isNull()).isTrue();
        JsonNode usage = body.path("usage");
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(2 + 1 + 4);
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(8);
        assertThat(usage.path("cache_read_input_tokens").asInt()).isZero();
        assertThat(usage.path("cache_creation_input_tokens").asInt()).isZero();
    }

    @Test
    void stream_follows_the_anthropic_event_sequence_and_deltas_equal_the_text() throws Exception {
        String expected = messages(user("claude-test", "Hi", "")).json().at("/content/0/text").asText();

        Reply reply = messages(user("claude-test", "Hi", ",\"stream\":true"));

        assertThat(reply.header("content-type")).startsWith("text/event-stream");
        List<SseEvent> events = reply.events();
        assertThat(events).allSatisfy(event -> assertThat(event.json().path("type").asText()).isEqualTo(event.event()));
        assertThat(events.stream().map(SseEvent::event).toList()).containsExactly("message_start",
                "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        JsonNode start = events.get(0).json().path("message");
        assertThat(start.path("id").asText()).startsWith("msg_");
        assertThat(start.path("content").isEmpty()).isTrue();
        assertThat(start.get("stop_reason").isNull()).isTrue();
        assertThat(start.at("/usage/input_tokens").asInt()).isEqualTo(4);
        assertThat(start.at("/usage/output_tokens").asInt()).isEqualTo(1);
        assertThat(events.get(1).json().at("/content_block/type").asText()).isEqualTo("text");
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.event().equals("content_block_delta")).forEach(e -> {
            assertThat(e.json().at("/delta/type").asText()).isEqualTo("text_delta");
            text.append(e.json().at("/delta/text").asText());
        });
        assertThat(text.toString()).isEqualTo(expected);
        JsonNode delta = events.get(events.size() - 2).json();
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(8);
        assertThat(server.completedStreams()).isEqualTo(1);
    }

    @Test
    void declared_tools_produce_a_tool_use_block() throws Exception {
        JsonNode body = messages(user("claude-test", "Weather?", "," + TOOLS)).json();

        assertThat(body.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode block = body.at("/content/0");
        assertThat(block.path("type").asText()).isEqualTo("tool_use");
        assertThat(block.path("id").asText()).startsWith("toolu_");
        assertThat(block.path("name").asText()).isEqualTo("get_weather");
        assertThat(block.path("input").toString()).isEqualTo("{\"city\":\"example\",\"days\":1,\"metric\":true}");
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void forced_tool_choice_and_none_are_honoured() throws Exception {
        JsonNode forced = messages(user("claude-test", "Time?", "," + TOOLS
                + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_time\"}")).json();
        JsonNode none = messages(user("claude-test", "Time?", "," + TOOLS + ",\"tool_choice\":{\"type\":\"none\"}"))
                .json();

        assertThat(forced.at("/content/0/name").asText()).isEqualTo("get_time");
        assertThat(none.at("/content/0/type").asText()).isEqualTo("text");
    }

    @Test
    void streamed_tool_use_sends_input_json_pieces_that_concatenate_to_valid_json() throws Exception {
        List<SseEvent> events = messages(user("claude-test", "Weather?", "," + TOOLS + ",\"stream\":true")).events();

        JsonNode block = events.get(1).json().path("content_block");
        assertThat(block.path("type").asText()).isEqualTo("tool_use");
        assertThat(block.path("id").asText()).startsWith("toolu_");
        assertThat(block.path("name").asText()).isEqualTo("get_weather");
        assertThat(block.path("input").isEmpty()).isTrue();
        List<String> pieces = events.stream().filter(e -> e.event().equals("content_block_delta"))
                .map(e -> {
                    assertThat(e.json().at("/delta/type").asText()).isEqualTo("input_json_delta");
                    return e.json().at("/delta/partial_json").asText();
                }).toList();
        assertThat(pieces).hasSizeGreaterThanOrEqualTo(3);
        assertThat(FakeHttp.parse(String.join("", pieces)).path("days").asInt()).isEqualTo(1);
        JsonNode delta = events.get(events.size() - 2).json();
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void tool_results_images_and_system_blocks_count_by_the_documented_rule() throws Exception {
        String body = """
                {"model":"claude-test","max_tokens":100,%s,
                "system":[{"type":"text","text":"You are terse."},{"type":"text","text":"Answer now."}],
                "messages":[
                  {"role":"user","content":[{"type":"text","text":"Weather here?"},
                    {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather",
                    "input":{"city":"Paris"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",
                    "content":[{"type":"text","text":"Sunny, 24 degrees, light wind from the west"}]}]}]}"""
                .formatted(TOOLS);

        JsonNode reply = messages(body).json();

        assertThat(reply.at("/content/0/text").asText())
                .isEqualTo("Tool result received: Sunny, 24 degrees, light wind");
        // system 3+2, user 1+2+85, assistant 1, tool result message 1+8
        assertThat(reply.at("/usage/input_tokens").asInt()).isEqualTo(5 + 88 + 1 + 9);
    }

    @Test
    void max_tokens_and_stop_sequences_end_the_reply() throws Exception {
        JsonNode cut = messages(user("claude-test", "Hi", "").replace("1024", "5")).json();
        JsonNode stopped = messages(user("claude-test", "Hi", ",\"stop_sequences\":[\"w2\"]")).json();

        assertThat(cut.at("/content/0/text").asText()).isEqualTo("Hello from claude-test. w1 w2");
        assertThat(cut.path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(cut.at("/usage/output_tokens").asInt()).isEqualTo(5);
        assertThat(stopped.at("/content/0/text").asText()).isEqualTo("Hello from claude-test. w1");
        assertThat(stopped.path("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(stopped.path("stop_sequence").asText()).isEqualTo("w2");
    }

    @Test
    void cached_tokens_move_from_input_tokens_to_cache_reads_and_reasoning_is_ignored() throws Exception {
        JsonNode usage = messages(user("claude-test", "Hi [[cached:4]] [[reasoning:9]]", "")).json().path("usage");

        assertThat(usage.path("input_tokens").asInt()).isEqualTo(2 + 1 + 3 - 4);
        assertThat(usage.path("cache_read_input_tokens").asInt()).isEqualTo(4);
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void no_usage_directive_omits_usage() throws Exception {
        JsonNode body = messages(user("claude-test", "Hi [[no-usage]]", "")).json();
        List<SseEvent> events = messages(user("claude-test", "Hi [[no-usage]]", ",\"stream\":true")).events();

        assertThat(body.has("usage")).isFalse();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.json().has("usage")).isFalse();
            assertThat(e.json().path("message").has("usage")).isFalse();
        });
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error",
        "401, authentication_error",
        "403, permission_error",
        "429, rate_limit_error",
        "500, api_error",
        "529, overloaded_error"
    })
    void error_directive_answers_the_status_with_the_anthropic_error_body(int status, String type) throws Exception {
        Reply reply = messages(user("claude-test", "Hi [[error:" + status + "]]", ",\"stream\":true"));

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("request-id")).startsWith("req_");
        JsonNode body = reply.json();
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo(type);
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(reply.header("retry-after")).isEqualTo(status == 429 ? "1" : null);
    }

    @Test
    void missing_version_is_a_400_and_missing_or_bad_keys_are_401() throws Exception {
        String url = server.anthropicBaseUrl() + "/v1/messages";
        Reply noVersion = FakeHttp.post(url, user("m", "Hi", ""), "x-api-key", "sk-ant-test");
        Reply noKey = FakeHttp.post(url, user("m", "Hi", ""), "anthropic-version", "2023-06-01");
        Reply badKey = FakeHttp.post(url, user("m", "Hi", ""), "x-api-key", "bad-key",
                "anthropic-version", "2023-06-01");

        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(noVersion.json().at("/error/message").asText()).contains("anthropic-version");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(badKey.status()).isEqualTo(401);
        assertThat(badKey.json().at("/error/type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void max_tokens_is_required_as_anthropic_requires_it() throws Exception {
        Reply reply = messages("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/message").asText()).isEqualTo("max_tokens: Field required");
    }

    @Test
    void malformed_directive_sends_truncated_json_or_a_non_json_data_line() throws Exception {
        Reply plain = messages(user("claude-test", "Hi [[malformed]]", ""));
        Reply stream = messages(user("claude-test", "Hi [[malformed]]", ",\"stream\":true"));

        assertThat(plain.status()).isEqualTo(200);
        assertThatThrownBy(plain::json).isInstanceOf(RuntimeException.class);
        assertThat(stream.events()).anySatisfy(event -> assertThat(event.isJson()).isFalse());
    }

    @Test
    void midstream_error_sends_three_deltas_then_an_overloaded_error_event() throws Exception {
        List<SseEvent> events = messages(user("claude-test", "Hi [[midstream-error]]", ",\"stream\":true")).events();

        assertThat(events.stream().map(SseEvent::event).toList()).containsExactly("message_start",
                "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_delta",
                "error");
        JsonNode error = events.get(events.size() - 1).json();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void hang_never_answers_and_counts_the_client_cancel() throws Exception {
        assertThatThrownBy(() -> FakeHttp.postWithTimeout(server.anthropicBaseUrl() + "/v1/messages",
                user("claude-test", "Hi [[hang]]", ",\"stream\":true"), Duration.ofMillis(300),
                "x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01"))
                .isInstanceOf(HttpTimeoutException.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.cancelledStreams() == 1);
    }
}
