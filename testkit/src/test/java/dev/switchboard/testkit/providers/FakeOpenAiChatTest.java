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

class FakeOpenAiChatTest {

    private static final String TOOLS = """
            "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
              "properties":{"city":{"type":"string"},"days":{"type":"integer"},"metric":{"type":"boolean"},
              "tags":{"type":"array","items":{"type":"string"}}},"required":["city"]}}},
              {"type":"function","function":{"name":"get_time","parameters":{"type":"object",
              "properties":{"zone":{"type":"string"}}}}}]""";

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

    private static Reply chat(String body) throws IOException, InterruptedException {
        return FakeHttp.post(server.openAiBaseUrl() + "/chat/completions", body,
                "authorization", "Bearer sk-test-1234");
    }

    private static String user(String model, String text, String extra) {
        return """
                {"model":"%s","messages":[{"role":"system","content":"Be brief."},
                {"role":"user","content":"%s"}]%s}""".formatted(model, text, extra);
    }

    @Test
    void replies_hello_from_the_model_with_eight_words_and_counted_usage() throws Exception {
        Reply reply = chat(user("gpt-test", "Say hello to me", ""));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("model").asText()).isEqualTo("gpt-test");
        assertThat(body.path("system_fingerprint").asText()).isNotEmpty();
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello from gpt-test. w1 w2 w3 w4 w5");
        assertThat(choice.path("message").get("refusal").isNull()).isTrue();
        assertThat(choice.path("message").has("tool_calls")).isFalse();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        // system "Be brief." = 2 words; the user message = 1 + 4 words
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(8);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(15);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asInt()).isZero();
    }

    @Test
    void stream_deltas_concatenate_to_the_non_stream_text() throws Exception {
        String expected = chat(user("gpt-test", "Hi", "")).json().at("/choices/0/message/content").asText();

        Reply reply = chat(user("gpt-test", "Hi", ",\"stream\":true"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("text/event-stream");
        List<SseEvent> events = reply.events();
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(SseEvent::json).toList();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.has("usage")).isFalse();
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(0).at("/choices/0/delta/content").asText()).isEmpty();
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asText("")));
        assertThat(text.toString()).isEqualTo(expected);
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(last.at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue());
        assertThat(server.completedStreams()).isEqualTo(1);
    }

    @Test
    void include_usage_puts_null_usage_on_every_chunk_and_a_final_usage_chunk() throws Exception {
        Reply reply = chat(user("gpt-test", "Hi", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        List<SseEvent> events = reply.events();
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        JsonNode usageChunk = events.get(events.size() - 2).json();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(8);
        assertThat(usageChunk.at("/usage/total_tokens").asInt()).isEqualTo(12);
        assertThat(events.subList(0, events.size() - 2))
                .allSatisfy(event -> assertThat(event.json().get("usage").isNull()).isTrue());
    }

    @Test
    void no_usage_directive_removes_usage_even_when_include_usage_is_asked() throws Exception {
        Reply stream = chat(user("gpt-test", "Hi [[no-usage]]",
                ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        Reply plain = chat(user("gpt-test", "Hi [[no-usage]]", ""));

        List<SseEvent> events = stream.events();
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(event -> {
            assertThat(event.json().has("usage")).isFalse();
            assertThat(event.json().path("choices").isEmpty()).isFalse();
        });
        assertThat(plain.json().has("usage")).isFalse();
    }

    @Test
    void declared_tools_produce_a_call_to_the_first_tool_with_schema_example_arguments() throws Exception {
        JsonNode body = chat(user("gpt-test", "Weather in Paris?", "," + TOOLS)).json();

        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.at("/message/content").isNull()).isTrue();
        JsonNode call = choice.at("/message/tool_calls/0");
        assertThat(call.path("id").asText()).startsWith("call_");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(call.at("/function/arguments").asText())
                .isEqualTo("{\"city\":\"example\",\"days\":1,\"metric\":true,\"tags\":null}");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void forced_tool_choice_calls_the_named_tool_and_none_replies_with_text() throws Exception {
        JsonNode forced = chat(user("gpt-test", "Time?", "," + TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}")).json();
        JsonNode none = chat(user("gpt-test", "Time?", "," + TOOLS + ",\"tool_choice\":\"none\"")).json();

        assertThat(forced.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_time");
        assertThat(forced.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"zone\":\"example\"}");
        assertThat(none.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(none.at("/choices/0/message/content").asText()).startsWith("Hello from gpt-test.");
    }

    @Test
    void streamed_tool_call_sends_a_header_then_argument_pieces_that_concatenate_to_valid_json() throws Exception {
        List<SseEvent> events = chat(user("gpt-test", "Weather?", "," + TOOLS + ",\"stream\":true")).events();

        JsonNode first = events.get(0).json().at("/choices/0/delta");
        assertThat(first.path("role").asText()).isEqualTo("assistant");
        assertThat(first.at("/tool_calls/0/index").asInt()).isZero();
        assertThat(first.at("/tool_calls/0/id").asText()).startsWith("call_");
        assertThat(first.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(first.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(first.at("/tool_calls/0/function/arguments").asText()).isEmpty();
        List<String> pieces = events.subList(1, events.size() - 2).stream()
                .map(event -> event.json().at("/choices/0/delta/tool_calls/0/function/arguments").asText())
                .toList();
        assertThat(pieces).hasSizeGreaterThanOrEqualTo(3);
        JsonNode arguments = FakeHttp.parse(String.join("", pieces));
        assertThat(arguments.path("city").asText()).isEqualTo("example");
        assertThat(events.get(events.size() - 2).json().at("/choices/0/finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void a_tool_result_is_answered_with_its_first_five_words() throws Exception {
        String body = """
                {"model":"gpt-test",%s,"messages":[{"role":"user","content":"Weather in Paris?"},
                {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                  "function":{"name":"get_weather","arguments":"{}"}}]},
                {"role":"tool","tool_call_id":"call_1","content":"It is sunny and warm today in Paris"}]}"""
                .formatted(TOOLS);

        JsonNode reply = chat(body).json();

        assertThat(reply.at("/choices/0/message/content").asText())
                .isEqualTo("Tool result received: It is sunny and warm");
        assertThat(reply.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        // user 1+3, assistant 1, tool 1+8
        assertThat(reply.at("/usage/prompt_tokens").asInt()).isEqualTo(14);
        assertThat(reply.at("/usage/completion_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void images_count_85_prompt_tokens_each() throws Exception {
        String body = """
                {"model":"gpt-test","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}""";

        assertThat(chat(body).json().at("/usage/prompt_tokens").asInt()).isEqualTo(1 + 3 + 85);
    }

    @Test
    void max_tokens_cut_the_reply_with_finish_length() throws Exception {
        JsonNode plain = chat(user("gpt-test", "Hi", ",\"max_tokens\":4")).json();
        List<SseEvent> stream = chat(user("gpt-test", "Hi", ",\"max_completion_tokens\":4,\"stream\":true")).events();

        assertThat(plain.at("/choices/0/message/content").asText()).isEqualTo("Hello from gpt-test. w1");
        assertThat(plain.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(plain.at("/usage/completion_tokens").asInt()).isEqualTo(4);
        assertThat(stream.get(stream.size() - 2).json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void a_stop_sequence_matching_a_word_ends_the_reply_before_it() throws Exception {
        JsonNode body = chat(user("gpt-test", "Hi", ",\"stop\":[\"w3\"]")).json();

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello from gpt-test. w1 w2");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void cached_and_reasoning_directives_are_reported_as_openai_does() throws Exception {
        JsonNode usage = chat(user("gpt-test", "Hi [[cached:3]] [[reasoning:7]]", "")).json().path("usage");

        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(2 + 1 + 3);
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(3);
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(7);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(8 + 7);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(6 + 15);
    }

    @Test
    void words_directive_sets_the_filler_length_from_the_text_or_the_model_name() throws Exception {
        assertThat(chat(user("m", "[[words:0]]", "")).json().at("/choices/0/message/content").asText())
                .isEqualTo("Hello from m.");
        assertThat(chat(user("fake-words-20", "Hi", "")).json().at("/usage/completion_tokens").asInt())
                .isEqualTo(23);
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error, ",
        "401, invalid_request_error, invalid_api_key",
        "404, invalid_request_error, model_not_found",
        "429, rate_limit_exceeded, rate_limit_exceeded",
        "500, server_error, ",
        "503, server_error, "
    })
    void error_directive_answers_the_status_with_the_openai_error_body(int status, String type, String code)
            throws Exception {
        Reply reply = chat(user("gpt-test", "Hi [[error:" + status + "]]", ",\"stream\":true"));

        assertThat(reply.status()).isEqualTo(status);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.has("param")).isTrue();
        assertThat(error.path("code").isNull() ? null : error.path("code").asText()).isEqualTo(code);
        assertThat(reply.header("retry-after")).isEqualTo(status == 429 ? "1" : null);
    }

    @Test
    void fail_model_name_answers_that_status() throws Exception {
        Reply reply = chat(user("fake-fail-503", "Hi", ""));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().at("/error/type").asText()).isEqualTo("server_error");
    }

    @Test
    void missing_or_bad_keys_are_rejected_with_401() throws Exception {
        Reply missing = FakeHttp.post(server.openAiBaseUrl() + "/chat/completions", user("m", "Hi", ""));
        Reply bad = FakeHttp.post(server.openAiBaseUrl() + "/chat/completions", user("m", "Hi", ""),
                "authorization", "Bearer bad-key");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json().at("/error/code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void malformed_directive_sends_truncated_json_or_a_non_json_data_line() throws Exception {
        Reply plain = chat(user("gpt-test", "Hi [[malformed]]", ""));
        Reply stream = chat(user("gpt-test", "Hi [[malformed]]", ",\"stream\":true"));

        assertThat(plain.status()).isEqualTo(200);
        assertThatThrownBy(plain::json).isInstanceOf(RuntimeException.class);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.events()).anySatisfy(event -> {
            assertThat(event.data()).isNotEqualTo("[DONE]");
            assertThat(event.isJson()).isFalse();
        });
    }

    @Test
    void midstream_error_sends_three_content_chunks_then_an_error_event_and_closes() throws Exception {
        List<SseEvent> events = chat(user("gpt-test", "Hi [[midstream-error]]", ",\"stream\":true")).events();

        assertThat(events).hasSize(1 + 3 + 1);
        assertThat(events.subList(1, 4)).allSatisfy(
                event -> assertThat(event.json().at("/choices/0/delta/content").asText()).isNotEmpty());
        JsonNode error = events.get(4).json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(server.completedStreams()).isZero();
    }

    @Test
    void hang_never_answers_and_counts_the_client_cancel() throws Exception {
        assertThatThrownBy(() -> FakeHttp.postWithTimeout(server.openAiBaseUrl() + "/chat/completions",
                user("fake-hang", "Hi", ",\"stream\":true"), Duration.ofMillis(300),
                "authorization", "Bearer sk-test"))
                .isInstanceOf(HttpTimeoutException.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.cancelledStreams() == 1);
    }

    @Test
    void slow_and_chunk_delay_directives_wait_on_timers() throws Exception {
        long start = System.nanoTime();
        chat(user("gpt-test", "Hi [[slow:200]]", ""));
        long slow = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        List<SseEvent> events = chat(user("gpt-test", "Hi [[chunk-delay:40]]", ",\"stream\":true")).events();
        long delayed = (System.nanoTime() - start) / 1_000_000;

        assertThat(slow).isGreaterThanOrEqualTo(200);
        assertThat(events).hasSize(11);
        assertThat(delayed).isGreaterThanOrEqualTo(10 * 40);
    }
}
