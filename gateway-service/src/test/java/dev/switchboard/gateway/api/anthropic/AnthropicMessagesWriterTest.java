package dev.switchboard.gateway.api.anthropic;

import static dev.switchboard.gateway.providers.ProviderFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicMessagesWriterTest {

    private final AnthropicMessagesWriter writer = new AnthropicMessagesWriter();

    @Test
    void writes_a_message_with_text_tool_use_and_anthropic_usage() {
        ChatResponse response = new ChatResponse("chatcmpl-1", "gpt-4o-mini", List.of(
                new ContentPart.Text("Let me check."),
                new ContentPart.ToolUse("call_abc", "get_weather", "{\"city\":\"Paris\"}")),
                null, FinishReason.TOOL_CALLS, "tool_calls", new Usage(100, 20, 60, 0, 0));
        MessagesMeta meta = new MessagesMeta("gen-1730000000-abc", "openai/gpt-4o-mini", new Usage(3122, 100, 2048, 1024, 0),
                1_234_567L);

        assertThat(json(writer.write(response, meta))).isEqualTo(json("""
                {
                  "id": "gen-1730000000-abc",
                  "type": "message",
                  "role": "assistant",
                  "model": "openai/gpt-4o-mini",
                  "content": [
                    {"type": "text", "text": "Let me check."},
                    {"type": "tool_use", "id": "call_abc", "name": "get_weather", "input": {"city": "Paris"}}
                  ],
                  "stop_reason": "tool_use",
                  "stop_sequence": null,
                  "usage": {
                    "input_tokens": 50,
                    "cache_creation_input_tokens": 1024,
                    "cache_read_input_tokens": 2048,
                    "output_tokens": 100,
                    "cost": 0.001234567
                  }
                }
                """.getBytes()));
    }

    @Test
    void writes_reasoning_first_as_a_thinking_block() {
        ChatResponse response = new ChatResponse("r", "gemini-2.5-pro", List.of(new ContentPart.Text("5117.")),
                "Adding the primes.", FinishReason.STOP, "STOP", null);

        var content = json(writer.write(response, new MessagesMeta("gen-2", "google/gemini-2.5-pro", Usage.ZERO, 0)))
                .get("content");

        assertThat(content).isEqualTo(json(("[{\"type\":\"thinking\",\"thinking\":\"Adding the primes.\",\"signature\":\"\"},"
                + "{\"type\":\"text\",\"text\":\"5117.\"}]").getBytes()));
    }

    @Test
    void writes_zero_cost_and_zero_usage_plainly() {
        ChatResponse response = new ChatResponse("r", "m", List.of(new ContentPart.Text("ok")), null, FinishReason.STOP,
                "end_turn", null);

        String body = new String(writer.write(response, new MessagesMeta("gen-3", "a/b", null, 0)));

        assertThat(body).contains("\"usage\":{\"input_tokens\":0,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":0,\"cost\":0}");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"STOP, stop, end_turn", "LENGTH, length, max_tokens",
            "TOOL_CALLS, tool_calls, tool_use", "CONTENT_FILTER, content_filter, refusal", "STOP, STOP, end_turn",
            "LENGTH, MAX_TOKENS, max_tokens", "CONTENT_FILTER, SAFETY, refusal", "STOP, stop_sequence, stop_sequence",
            "STOP, pause_turn, pause_turn", "ERROR, null, end_turn"})
    void maps_finish_reasons_to_anthropic_stop_reasons(FinishReason reason, String nativeReason, String expected) {
        assertThat(AnthropicMessagesWriter.stopReason(reason, nativeReason)).isEqualTo(expected);
    }
}
