package dev.switchboard.gateway.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.providers.ProviderFixtures;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.EmbeddingsAdapter.EmbeddingsResult;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderException.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiResponseMapperTest {

    private final OpenAiAdapter adapter = new OpenAiAdapter();

    @Test
    void maps_a_text_completion_with_usage() {
        ChatResponse response = adapter.readChatResponse(ProviderFixtures.bytes("openai/chat-basic.response.json"));

        assertThat(response.upstreamId()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(response.upstreamModel()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(response.content()).containsExactly(new ContentPart.Text("Hello! How can I assist you today?"));
        assertThat(response.reasoning()).isNull();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.nativeFinishReason()).isEqualTo("stop");
        assertThat(response.usage()).isEqualTo(new Usage(19, 10, 0, 0, 0));
    }

    @Test
    void maps_tool_calls_and_cached_tokens() {
        ChatResponse response = adapter.readChatResponse(ProviderFixtures.bytes("openai/chat-tools.response.json"));

        assertThat(response.content()).containsExactly(
                new ContentPart.ToolUse("call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"),
                new ContentPart.ToolUse("call_def456", "get_time", "{}"));
        assertThat(response.text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.usage()).isEqualTo(new Usage(1082, 57, 1024, 0, 0));
    }

    @Test
    void maps_deepseek_reasoning_content_and_reasoning_tokens() {
        ChatResponse response = adapter.readChatResponse(ProviderFixtures.bytes("openai/chat-reasoning-deepseek.response.json"));

        assertThat(response.text()).isEqualTo("9.11 is smaller than 9.8.");
        assertThat(response.reasoning()).isEqualTo("Compare the decimals: 0.11 < 0.80, so 9.11 < 9.8.");
        assertThat(response.usage()).isEqualTo(new Usage(18, 410, 0, 0, 371));
    }

    @Test
    void keeps_a_refusal_as_the_text() {
        ChatResponse response = adapter.readChatResponse(ProviderFixtures.bytes("openai/chat-refusal.response.json"));

        assertThat(response.text()).isEqualTo("I'm sorry, I cannot assist with that request.");
        assertThat(response.usage()).isEqualTo(new Usage(81, 11, 0, 0, 0));
    }

    @Test
    void a_stop_after_tool_calls_is_normalised_to_tool_calls_and_the_native_reason_kept() {
        ChatResponse response = adapter.readChatResponse(ProviderFixtures.bytes("openai/chat-ollama-tools.response.json"));

        assertThat(response.content()).containsExactly(new ContentPart.ToolUse("call_x1y2z3", "get_weather", "{\"city\":\"Toronto\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.nativeFinishReason()).isEqualTo("stop");
    }

    @Test
    void reads_openrouter_reasoning_cache_writes_and_deepseek_cache_hits() {
        ChatResponse openRouter = adapter.readChatResponse(bytes("""
                {"id":"gen-1","model":"anthropic/claude-sonnet-4.5","choices":[{"index":0,"finish_reason":"stop",
                 "native_finish_reason":"end_turn","message":{"role":"assistant","content":"ok","reasoning":"think"}}],
                 "usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,"cost":0.00123,
                 "prompt_tokens_details":{"cached_tokens":40,"cache_write_tokens":50},
                 "completion_tokens_details":{"reasoning_tokens":5}}}"""));
        ChatResponse deepSeek = adapter.readChatResponse(bytes("""
                {"id":"x","model":"deepseek-chat","choices":[{"index":0,"finish_reason":"stop","message":{"content":"ok"}}],
                 "usage":{"prompt_tokens":30,"completion_tokens":2,"total_tokens":32,"prompt_cache_hit_tokens":24,
                 "prompt_cache_miss_tokens":6}}"""));

        assertThat(openRouter.reasoning()).isEqualTo("think");
        assertThat(openRouter.usage()).isEqualTo(new Usage(100, 20, 40, 50, 5));
        assertThat(deepSeek.usage()).isEqualTo(new Usage(30, 2, 24, 0, 0));
    }

    @Test
    void a_response_without_usage_has_null_usage_and_content_parts_are_joined() {
        ChatResponse response = adapter.readChatResponse(bytes("""
                {"id":"x","model":"m","choices":[{"index":0,"finish_reason":"length",
                 "message":{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"thinking","thinking":"?"},
                 {"type":"text","text":"b"}]}}]}"""));

        assertThat(response.usage()).isNull();
        assertThat(response.text()).isEqualTo("ab");
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "stop, false, STOP", "null, false, STOP", "eos, false, STOP", "end_turn, false, STOP",
            "length, false, LENGTH", "model_length, false, LENGTH", "max_tokens, false, LENGTH",
            "tool_calls, true, TOOL_CALLS", "function_call, true, TOOL_CALLS", "stop, true, TOOL_CALLS",
            "null, true, TOOL_CALLS", "content_filter, false, CONTENT_FILTER", "error, false, ERROR",
            "something_new, false, STOP", "length, true, LENGTH"})
    void normalises_finish_reasons(String nativeReason, boolean toolCalls, FinishReason expected) {
        assertThat(OpenAiResponseMapper.finishReason(nativeReason, toolCalls)).isEqualTo(expected);
    }

    @Test
    void a_200_error_body_is_that_error() {
        assertThatThrownBy(() -> adapter.readChatResponse(bytes("""
                {"error":{"message":"Rate limit exceeded","code":429,"metadata":{"provider_name":"Groq"}}}""")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.upstreamStatus()).isEqualTo(429);
                    assertThat(e.getMessage()).isEqualTo("Rate limit exceeded");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all",
            "[1,2]",
            "{\"id\":\"x\",\"choices\":[]}",
            "{\"id\":\"x\"}",
            "{\"id\":\"x\",\"choices\":\"nope\"}"})
    void an_unreadable_completion_is_a_bad_response(String body) {
        assertThatThrownBy(() -> adapter.readChatResponse(bytes(body)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void reads_float_and_base64_embeddings_in_index_order() {
        String floats = """
                {"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.5,-1]},
                 {"object":"embedding","index":0,"embedding":[0.25,0]}],
                 "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""";
        String base64 = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":\""
                + OpenAiEmbeddingsMapper.encodeBase64(new double[] {0.5, -2.0, 1e-3}) + "\"}],\"model\":\"m\"}";

        EmbeddingsResult fromFloats = adapter.readEmbeddings(bytes(floats));
        EmbeddingsResult fromBase64 = adapter.readEmbeddings(bytes(base64));

        assertThat(fromFloats.vectors()).containsExactly(new double[] {0.25, 0}, new double[] {0.5, -1});
        assertThat(fromFloats.promptTokens()).isEqualTo(8);
        assertThat(fromFloats.upstreamModel()).isEqualTo("text-embedding-3-small");
        assertThat(fromBase64.vectors().get(0)).containsExactly(0.5, -2.0, (double) 1e-3f);
        assertThat(fromBase64.promptTokens()).isEqualTo(-1);
    }

    @Test
    void unreadable_embeddings_are_a_bad_response() {
        assertThatThrownBy(() -> adapter.readEmbeddings(bytes("{\"data\":[{\"embedding\":\"***\"}]}")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> adapter.readEmbeddings(bytes("{\"data\":[{\"embedding\":{\"x\":1}}]}")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
