package dev.switchboard.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.ErrorBody;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.api.SseFrames;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiChatResponseWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final ResponseMeta START = ResponseMeta.start("gen-1700000000-abc", 1_700_000_000L, "openai/gpt-4o", "OpenAI");
    static final ResponseMeta BILLED = START.withUsage(new Usage(1082, 57, 1024, 0, 12), 1_234, 1_000, 234, false);

    private final OpenAiChatResponseWriter writer = new OpenAiChatResponseWriter();

    @Test
    void renders_a_text_completion_with_every_key_the_sdk_requires() throws Exception {
        ChatResponse response = new ChatResponse("chatcmpl-1", "gpt-4o-2024-08-06", List.of(new ContentPart.Text("Hello!")),
                null, FinishReason.STOP, "stop", new Usage(19, 10, 0, 0, 0));

        JsonNode body = SdkShapes.assertShape("chat", writer.completion(response, BILLED));

        assertThat(body).isEqualTo(JSON.readTree("""
                {"id":"gen-1700000000-abc","object":"chat.completion","created":1700000000,"model":"openai/gpt-4o",
                 "provider":"OpenAI","system_fingerprint":null,
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null},
                   "logprobs":null,"finish_reason":"stop","native_finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1082,"completion_tokens":57,"total_tokens":1139,
                   "prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":12},
                   "cost":0.000001234,"is_byok":false,
                   "cost_details":{"upstream_inference_cost":null,"upstream_inference_prompt_cost":0.000001,
                     "upstream_inference_completions_cost":0.000000234}}}"""));
    }

    @Test
    void a_tool_call_only_message_has_null_content_and_string_arguments() {
        ChatResponse response = new ChatResponse("x", "m", List.of(
                new ContentPart.ToolUse("call_1", "get_weather", "{\"city\":\"Paris\"}")), "I should look it up",
                FinishReason.TOOL_CALLS, "tool_use", null);

        JsonNode message = SdkShapes.assertShape("chat", writer.completion(response, START)).get("choices").get(0).get("message");

        assertThat(message.has("content")).isTrue();
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("reasoning").asText()).isEqualTo("I should look it up");
        assertThat(message.get("tool_calls").get(0)).isEqualTo(JSON.valueToTree(Map.of("id", "call_1", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}"))));
    }

    @Test
    void leaves_out_reasoning_and_usage_when_there_are_none() throws Exception {
        ChatResponse response = new ChatResponse("x", "m", List.of(), null, FinishReason.LENGTH, "length", null);

        JsonNode body = SdkShapes.assertShape("chat", writer.completion(response, START));

        assertThat(body.has("usage")).isFalse();
        assertThat(body.get("choices").get(0).get("message"))
                .isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}"));
    }

    /**
     * openai-java's opt-in response validation knows no finish reason "error" (OpenRouter's, on the error chunk),
     * so the error chunk is left out here; without validation (its default) it reads that chunk too.
     */
    @Test
    void the_official_openai_sdk_reads_the_completion_and_every_chunk_but_the_error_one() throws Exception {
        ChatResponse response = new ChatResponse("x", "m", List.of(new ContentPart.Text("Hi"),
                new ContentPart.ToolUse("call_1", "f", "{}")), null, FinishReason.TOOL_CALLS, "tool_calls", null);

        ObjectMappers.jsonMapper().readValue(writer.completion(response, BILLED), ChatCompletion.class).validate();
        List<byte[]> chunks = allChunks();
        for (byte[] chunk : chunks.subList(0, chunks.size() - 1)) {
            ObjectMappers.jsonMapper().readValue(chunk, ChatCompletionChunk.class).validate();
        }
        assertThat(ObjectMappers.jsonMapper().readValue(chunks.getLast(), ChatCompletionChunk.class).choices()).hasSize(1);
    }

    @Test
    void renders_stream_chunks_with_role_first_and_tool_call_indexes() throws Exception {
        List<byte[]> chunks = allChunks();

        List<JsonNode> choices = chunks.stream().map(c -> SdkShapes.assertShape("chunk", c).get("choices")).toList();

        assertThat(choices.get(0).get(0).get("delta")).isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":\"\"}"));
        assertThat(choices.get(1).get(0).get("delta")).isEqualTo(JSON.readTree(
                "{\"reasoning\":\"hmm\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"hmm\"}]}"));
        assertThat(choices.get(2).get(0).get("delta")).isEqualTo(JSON.readTree("{\"content\":\"Hel\"}"));
        assertThat(choices.get(3).get(0).get("delta")).isEqualTo(JSON.readTree("""
                {"tool_calls":[{"index":1,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]}"""));
        assertThat(choices.get(4).get(0).get("delta")).isEqualTo(JSON.readTree("""
                {"tool_calls":[{"index":1,"function":{"arguments":"{\\"a\\":"}}]}"""));
        assertThat(choices.get(5).get(0)).isEqualTo(JSON.readTree("""
                {"index":0,"delta":{},"finish_reason":"tool_calls","native_finish_reason":"tool_use"}"""));
        assertThat(choices.subList(0, 5)).allSatisfy(c -> assertThat(c.get(0).get("finish_reason").isNull()).isTrue());
    }

    @Test
    void stream_chunks_never_carry_null_usage_or_system_fingerprint() {
        for (byte[] chunk : allChunks()) {
            JsonNode node = SdkShapes.assertShape("chunk", chunk);
            assertThat(node.has("system_fingerprint")).isFalse();
            assertThat(!node.has("usage") || node.get("usage").isObject()).as("usage absent or an object").isTrue();
            assertThat(node.get("id").asText()).isEqualTo("gen-1700000000-abc");
            assertThat(node.get("provider").asText()).isEqualTo("OpenAI");
            assertThat(new String(chunk, StandardCharsets.UTF_8)).doesNotContain("\n");
        }
    }

    @Test
    void a_usage_report_renders_nothing_until_the_usage_chunk() {
        assertThat(writer.chunk(new ChatChunk.UsageReport(Usage.ZERO), START)).isEmpty();
    }

    @Test
    void the_usage_chunk_has_no_choices_and_the_exact_cost() throws Exception {
        JsonNode chunk = SdkShapes.assertShape("chunk", writer.usageChunk(BILLED));

        assertThat(chunk.get("choices")).isEmpty();
        assertThat(chunk.get("usage").get("total_tokens").asInt()).isEqualTo(1139);
        assertThat(chunk.get("usage").get("cost").decimalValue()).isEqualByComparingTo("0.000001234");
    }

    @Test
    void costs_are_plain_decimals_never_exponents() {
        String one = new String(writer.usageChunk(START.withUsage(Usage.ZERO, 1, 1, 0, false)), StandardCharsets.UTF_8);
        String zero = new String(writer.usageChunk(START.withUsage(Usage.ZERO, 0, 0, 0, false)), StandardCharsets.UTF_8);
        String large = new String(writer.usageChunk(START.withUsage(Usage.ZERO, 12_000_000_000L, 0, 0, false)),
                StandardCharsets.UTF_8);

        assertThat(one).contains("\"cost\":0.000000001,").doesNotContain("E-", "1.0E");
        assertThat(zero).contains("\"cost\":0,", "\"upstream_inference_prompt_cost\":0,");
        assertThat(large).contains("\"cost\":12,");
    }

    @Test
    void the_mid_stream_error_chunk_has_the_openrouter_shape() throws Exception {
        ApiException error = new ApiException(ErrorCode.UPSTREAM_ERROR, "The provider closed the stream",
                Map.of("upstream_status", 500));

        JsonNode chunk = SdkShapes.assertShape("chunk", writer.errorChunk(error, START));

        assertThat(chunk.get("error")).isEqualTo(JSON.readTree("""
                {"code":502,"message":"The provider closed the stream",
                 "metadata":{"error_type":"upstream_error","provider_name":"OpenAI","upstream_status":500}}"""));
        assertThat(chunk.get("choices")).isEqualTo(JSON.readTree("""
                [{"index":0,"delta":{"content":""},"finish_reason":"error","native_finish_reason":null}]"""));
        assertThat(chunk.has("usage")).isFalse();
    }

    @Test
    void the_error_envelope_has_an_integer_code_and_the_field() throws Exception {
        byte[] body = ErrorBody.json(ApiException.badRequest("messages[2].content", "must be a string"));

        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("""
                {"error":{"code":400,"message":"messages[2].content: must be a string",
                 "metadata":{"field":"messages[2].content"}}}"""));
        assertThat(JSON.readTree(ErrorBody.json(new ApiException(ErrorCode.INVALID_API_KEY, "bad key"))))
                .isEqualTo(JSON.readTree("{\"error\":{\"code\":401,\"message\":\"bad key\"}}"));
    }

    @Test
    void frames_server_sent_events() {
        assertThat(text(SseFrames.data("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))).isEqualTo("data: {\"a\":1}\n\n");
        assertThat(text(SseFrames.done())).isEqualTo("data: [DONE]\n\n");
        assertThat(text(SseFrames.event("message_start", "{}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("event: message_start\ndata: {}\n\n");
        assertThat(text(SseFrames.comment("OPENROUTER PROCESSING"))).isEqualTo(": OPENROUTER PROCESSING\n\n");
    }

    private List<byte[]> allChunks() {
        return List.of(
                writer.chunk(new ChatChunk.Start("up-1", "gpt-4o"), START).orElseThrow(),
                writer.chunk(new ChatChunk.ReasoningDelta("hmm"), START).orElseThrow(),
                writer.chunk(new ChatChunk.TextDelta("Hel"), START).orElseThrow(),
                writer.chunk(new ChatChunk.ToolCallDelta(1, "call_1", "f", ""), START).orElseThrow(),
                writer.chunk(new ChatChunk.ToolCallDelta(1, null, null, "{\"a\":"), START).orElseThrow(),
                writer.chunk(new ChatChunk.Finish(FinishReason.TOOL_CALLS, "tool_use"), START).orElseThrow(),
                writer.usageChunk(BILLED),
                writer.errorChunk(new ApiException(ErrorCode.RATE_LIMITED, "slow down"), START));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void a_text_delta_framed_without_an_object_tree_is_byte_for_byte_the_generic_frame() {
        // names that escape, and texts with everything a JSON string escapes or carries through unescaped
        ResponseMeta meta = ResponseMeta.start("gen-1700000000-q\"x", 1_700_000_000L, "vendor/m\\odel \"content\":\"\"", "Prov\u00e9ider");
        OpenAiChatResponseWriter.TextFrames frames = writer.textFrames(meta);
        List<String> texts = new java.util.ArrayList<>(List.of("", "Hello", " world", "\"quoted\" \\ back", "tab\tnew\nline\rcr",
                "\u0000\u0001\u001f\u007f", "caf\u00e9 \u4e16\u754c \u2028\u2029", "</script>&<>'", "\"content\":\"\""));
        java.util.Random random = new java.util.Random(18);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append((char) switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x20);
                    case 1 -> 0x20 + random.nextInt(0x60);
                    case 2 -> 0x80 + random.nextInt(0x780);
                    default -> 0x800 + random.nextInt(0xD800 - 0x800);
                });
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            byte[] generic = SseFrames.data(writer.chunk(new ChatChunk.TextDelta(text), meta).orElseThrow());
            assertThat(new String(frames.frame(text), StandardCharsets.UTF_8)).as(text).isEqualTo(new String(generic, StandardCharsets.UTF_8));
        }
        // a surrogate, paired or not, is left to the generic path
        assertThat(frames.frame("emoji \ud83d\ude00")).isNull();
        assertThat(frames.frame("lone \ud83d")).isNull();
    }
}
