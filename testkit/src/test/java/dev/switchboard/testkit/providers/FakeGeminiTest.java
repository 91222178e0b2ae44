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

class FakeGeminiTest {

    private static final String TOOLS = """
            "tools":[{"functionDeclarations":[{"name":"get_weather","parameters":{"type":"OBJECT",
              "properties":{"city":{"type":"STRING"},"days":{"type":"INTEGER"},"metric":{"type":"BOOLEAN"}}}},
              {"name":"get_time","parameters":{"type":"OBJECT","properties":{"zone":{"type":"STRING"}}}}]}]""";

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

    private static Reply generate(String model, String body) throws IOException, InterruptedException {
        return FakeHttp.post(server.geminiBaseUrl() + "/v1beta/models/" + model + ":generateContent", body,
                "x-goog-api-key", "AIza-test-1234");
    }

    private static Reply stream(String model, String body) throws IOException, InterruptedException {
        return FakeHttp.post(server.geminiBaseUrl() + "/v1beta/models/" + model + ":streamGenerateContent?alt=sse",
                body, "x-goog-api-key", "AIza-test-1234");
    }

    private static String user(String text, String extra) {
        return """
                {"systemInstruction":{"parts":[{"text":"Be brief."}]},
                "contents":[{"role":"user","parts":[{"text":"%s"}]}]%s}""".formatted(text, extra);
    }

    @Test
    void replies_with_one_candidate_and_usage_metadata() throws Exception {
        Reply reply = generate("gemini-test", user("Say hello to me", ""));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        JsonNode candidate = body.at("/candidates/0");
        assertThat(candidate.at("/content/role").asText()).isEqualTo("model");
        assertThat(candidate.at("/content/parts/0/text").asText()).isEqualTo("Hello from gemini-test. w1 w2 w3 w4 w5");
        assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(candidate.path("index").asInt()).isZero();
        JsonNode usage = body.path("usageMetadata");
        assertThat(usage.path("promptTokenCount").asInt()).isEqualTo(2 + 1 + 4);
        assertThat(usage.path("candidatesTokenCount").asInt()).isEqualTo(8);
        assertThat(usage.path("totalTokenCount").asInt()).isEqualTo(15);
        assertThat(usage.has("cachedContentTokenCount")).isFalse();
        assertThat(usage.has("thoughtsTokenCount")).isFalse();
        assertThat(body.path("modelVersion").asText()).isEqualTo("gemini-test");
        assertThat(body.path("responseId").asText()).isNotEmpty();
    }

    @Test
    void sse_stream_chunks_carry_cumulative_usage_and_the_last_one_the_finish_reason() throws Exception {
        String expected = generate("gemini-test", user("Hi", "")).json().at("/candidates/0/content/parts/0/text")
                .asText();

        Reply reply = stream("gemini-test", user("Hi", ""));

        assertThat(reply.header("content-type")).startsWith("text/event-stream");
        assertThat(reply.body()).contains("\r\n\r\n").doesNotContain("event:");
        List<JsonNode> chunks = reply.events().stream().map(SseEvent::json).toList();
        assertThat(chunks).hasSize(8);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode chunk = chunks.get(i);
            text.append(chunk.at("/candidates/0/content/parts/0/text").asText());
            assertThat(chunk.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(4);
            assertThat(chunk.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(i + 1);
            assertThat(chunk.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(4 + i + 1);
            assertThat(chunk.at("/candidates/0").has("finishReason")).isEqualTo(i == chunks.size() - 1);
        }
        assertThat(text.toString()).isEqualTo(expected);
        assertThat(chunks.get(7).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(server.completedStreams()).isEqualTo(1);
    }

    @Test
    void stream_without_alt_sse_is_a_json_array_of_the_same_chunks() throws Exception {
        Reply reply = FakeHttp.post(server.geminiBaseUrl() + "/v1beta/models/gemini-test:streamGenerateContent",
                user("Hi", ""), "x-goog-api-key", "AIza-test");

        JsonNode array = reply.json();
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(8);
        assertThat(array.get(7).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void declared_functions_produce_a_function_call_part() throws Exception {
        JsonNode body = generate("gemini-test", user("Weather?", "," + TOOLS)).json();
        List<SseEvent> events = stream("gemini-test", user("Weather?", "," + TOOLS)).events();

        JsonNode call = body.at("/candidates/0/content/parts/0/functionCall");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("args").toString()).isEqualTo("{\"city\":\"example\",\"days\":1,\"metric\":true}");
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(body.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(10);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).json().at("/candidates/0/content/parts/0/functionCall/args/city").asText())
                .isEqualTo("example");
    }

    @Test
    void function_calling_mode_any_with_allowed_names_forces_that_function_and_none_disables_tools()
            throws Exception {
        JsonNode forced = generate("gemini-test", user("Time?", "," + TOOLS
                + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\","
                + "\"allowedFunctionNames\":[\"get_time\"]}}")).json();
        JsonNode none = generate("gemini-test", user("Time?", "," + TOOLS
                + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}")).json();

        assertThat(forced.at("/candidates/0/content/parts/0/functionCall/name").asText()).isEqualTo("get_time");
        assertThat(none.at("/candidates/0/content/parts/0/text").asText()).startsWith("Hello from gemini-test.");
    }

    @Test
    void a_function_response_is_answered_with_its_first_five_words() throws Exception {
        String body = """
                {%s,"contents":[
                  {"role":"user","parts":[{"text":"Weather in Paris?"},
                    {"inlineData":{"mimeType":"image/png","data":"AAAA"}}]},
                  {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"get_weather",
                    "response":{"content":"Rain all day with strong wind"}}}]}]}""".formatted(TOOLS);

        JsonNode reply = generate("gemini-test", body).json();

        assertThat(reply.at("/candidates/0/content/parts/0/text").asText())
                .isEqualTo("Tool result received: Rain all day with strong");
        // user 1+3+85, model 1, function response 1+6
        assertThat(reply.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(89 + 1 + 7);
    }

    @Test
    void max_output_tokens_cut_the_reply_with_max_tokens() throws Exception {
        JsonNode body = generate("gemini-test", user("Hi", ",\"generationConfig\":{\"maxOutputTokens\":3}")).json();
        JsonNode stopped = generate("gemini-test", user("Hi", ",\"generationConfig\":{\"stopSequences\":[\"w1\"]}"))
                .json();

        assertThat(body.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Hello from gemini-test.");
        assertThat(body.at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(body.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(3);
        assertThat(stopped.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Hello from gemini-test.");
        assertThat(stopped.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void cached_and_reasoning_directives_are_reported_as_gemini_does() throws Exception {
        JsonNode usage = generate("gemini-test", user("Hi [[cached:2]] [[reasoning:6]]", "")).json()
                .path("usageMetadata");

        assertThat(usage.path("promptTokenCount").asInt()).isEqualTo(6);
        assertThat(usage.path("cachedContentTokenCount").asInt()).isEqualTo(2);
        assertThat(usage.path("thoughtsTokenCount").asInt()).isEqualTo(6);
        assertThat(usage.path("candidatesTokenCount").asInt()).isEqualTo(8);
        assertThat(usage.path("totalTokenCount").asInt()).isEqualTo(6 + 8 + 6);
    }

    @Test
    void no_usage_directive_omits_usage_metadata() throws Exception {
        assertThat(generate("gemini-test", user("Hi [[no-usage]]", "")).json().has("usageMetadata")).isFalse();
        assertThat(stream("gemini-test", user("Hi [[no-usage]]", "")).events())
                .allSatisfy(e -> assertThat(e.json().has("usageMetadata")).isFalse());
    }

    @ParameterizedTest
    @CsvSource({
        "400, INVALID_ARGUMENT",
        "403, PERMISSION_DENIED",
        "404, NOT_FOUND",
        "429, RESOURCE_EXHAUSTED",
        "500, INTERNAL",
        "503, UNAVAILABLE"
    })
    void error_directive_answers_the_status_with_the_google_error_body(int status, String code) throws Exception {
        Reply reply = stream("gemini-test", user("Hi [[error:" + status + "]]", ""));

        assertThat(reply.status()).isEqualTo(status);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("status").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        // Gemini asks for a delay in the body (RetryInfo), never in a header
        assertThat(reply.header("retry-after")).isNull();
        assertThat(error.at("/details").findValuesAsText("retryDelay"))
                .isEqualTo(status == 429 ? List.of("1s") : List.of());
    }

    @Test
    void the_key_may_come_from_the_query_and_bad_or_missing_keys_are_rejected() throws Exception {
        String url = server.geminiBaseUrl() + "/v1beta/models/gemini-test:generateContent";
        Reply query = FakeHttp.post(url + "?key=AIza-query-key", user("Hi", ""));
        Reply missing = FakeHttp.post(url, user("Hi", ""));
        Reply bad = FakeHttp.post(url, user("Hi", ""), "x-goog-api-key", "bad-key");

        assertThat(query.status()).isEqualTo(200);
        assertThat(server.requests().get(0).path()).endsWith("key=***-key");
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.json().at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(bad.json().at("/error/details/0/reason").asText()).isEqualTo("API_KEY_INVALID");
    }

    @Test
    void malformed_directive_sends_truncated_json_or_a_non_json_data_line() throws Exception {
        Reply plain = generate("fake-malformed", user("Hi", ""));
        Reply sse = stream("gemini-test", user("Hi [[malformed]]", ""));

        assertThat(plain.status()).isEqualTo(200);
        assertThatThrownBy(plain::json).isInstanceOf(RuntimeException.class);
        assertThat(sse.events()).anySatisfy(event -> assertThat(event.isJson()).isFalse());
    }

    @Test
    void midstream_error_sends_three_chunks_then_an_error_object_and_closes() throws Exception {
        List<SseEvent> events = stream("gemini-test", user("Hi [[midstream-error]]", "")).events();

        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).allSatisfy(e -> assertThat(e.json().has("candidates")).isTrue());
        JsonNode error = events.get(3).json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(500);
        assertThat(error.path("status").asText()).isEqualTo("INTERNAL");
        assertThat(server.completedStreams()).isZero();
    }

    @Test
    void hang_never_answers_and_counts_the_client_cancel() throws Exception {
        assertThatThrownBy(() -> FakeHttp.postWithTimeout(
                server.geminiBaseUrl() + "/v1beta/models/fake-hang:streamGenerateContent?alt=sse", user("Hi", ""),
                Duration.ofMillis(300), "x-goog-api-key", "AIza-test"))
                .isInstanceOf(HttpTimeoutException.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.cancelledStreams() == 1);
    }
}
