package dev.switchboard.gateway.providers.gemini;

import static dev.switchboard.gateway.providers.ProviderFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiResponseMapperTest {

    private final GeminiAdapter adapter = new GeminiAdapter();

    @Test
    void maps_a_text_response() {
        ChatResponse response = adapter.readChatResponse(bytes("gemini/chat-basic.response.json"));

        assertThat(response.upstreamId()).isEqualTo("mcTgZ8qoGKixnvgPn5Pb-QM");
        assertThat(response.upstreamModel()).isEqualTo("gemini-2.0-flash");
        assertThat(response.content()).containsExactly(new ContentPart.Text("The capital of France is Paris."));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.nativeFinishReason()).isEqualTo("STOP");
        assertThat(response.usage()).isEqualTo(new Usage(8, 7, 0, 0, 0));
    }

    @Test
    void maps_function_calls_to_tool_calls_with_generated_ids() {
        ChatResponse response = adapter.readChatResponse(bytes("gemini/chat-tools.response.json"));

        // ids unique to the response (Gemini's response id), the thought signature right before the call that carried it
        assertThat(response.content()).containsExactly(
                new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null,
                        "CiQB0e2Kb7zBX0aB2tkKnNvmjC3E5TIbmAVs1SbvUAA1vV1XKHIKSAHR7YpvCD7X9dJ5OcIu", null, "call_c0PuaIHhHJ3Rz7IPr5ah0Qc_0"),
                new ContentPart.ToolUse("call_c0PuaIHhHJ3Rz7IPr5ah0Qc_0", "get_weather", "{\"city\":\"Paris\"}"),
                new ContentPart.ToolUse("call_c0PuaIHhHJ3Rz7IPr5ah0Qc_1", "get_weather", "{\"city\":\"London\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.nativeFinishReason()).isEqualTo("STOP");
        assertThat(response.usage()).isEqualTo(new Usage(74, 30 + 56, 0, 0, 56));
    }

    @Test
    void maps_max_tokens_to_length() {
        ChatResponse response = adapter.readChatResponse(bytes("gemini/chat-max-tokens.response.json"));

        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.nativeFinishReason()).isEqualTo("MAX_TOKENS");
    }

    @Test
    void reports_cached_content_tokens_as_cached_prompt_tokens() {
        ChatResponse response = adapter.readChatResponse(bytes("gemini/chat-cache.response.json"));

        assertThat(response.usage()).isEqualTo(new Usage(323383, 14, 323271, 0, 0));
    }

    @Test
    void keeps_thought_parts_as_reasoning_and_counts_thoughts_as_completion_tokens() {
        ChatResponse response = adapter.readChatResponse(bytes("gemini/chat-thinking.response.json"));

        assertThat(response.reasoning()).startsWith("**Calculating the sum**");
        assertThat(response.content()).containsExactly(
                new ContentPart.Thinking(ContentPart.Thinking.GEMINI, response.reasoning(), null, null, null),
                new ContentPart.Text("The sum of the first 50 prime numbers is 5117."));
        assertThat(response.usage()).isEqualTo(new Usage(12, 14 + 1214, 0, 0, 1214));
    }

    @Test
    void fails_a_blocked_prompt_as_content_filtered() {
        assertThatThrownBy(() -> adapter.readChatResponse(bytes("gemini/chat-blocked.response.json")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONTENT_FILTERED);
                    assertThat(e.upstreamCode()).isEqualTo("SAFETY");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @ParameterizedTest
    @CsvSource({"STOP, false, STOP", "STOP, true, TOOL_CALLS", "MAX_TOKENS, false, LENGTH", "SAFETY, false, CONTENT_FILTER",
            "RECITATION, false, CONTENT_FILTER", "BLOCKLIST, false, CONTENT_FILTER", "PROHIBITED_CONTENT, false, CONTENT_FILTER",
            "SPII, false, CONTENT_FILTER", "MALFORMED_FUNCTION_CALL, false, STOP", "OTHER, false, STOP"})
    void normalises_finish_reasons(String reason, boolean calledTools, FinishReason expected) {
        assertThat(GeminiResponseMapper.finishReason(reason, calledTools)).isEqualTo(expected);
    }

    @Test
    void reports_an_unreadable_body_as_a_bad_response() {
        assertThatThrownBy(() -> adapter.readChatResponse("not json".getBytes()))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
    }
}
