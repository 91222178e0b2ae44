package dev.switchboard.gateway.providers.anthropic;

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

class AnthropicResponseMapperTest {

    private final AnthropicAdapter adapter = new AnthropicAdapter();

    @Test
    void maps_a_text_message() {
        ChatResponse response = adapter.readChatResponse(bytes("anthropic/chat-basic.response.json"));

        assertThat(response.upstreamId()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(response.upstreamModel()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(response.content()).containsExactly(new ContentPart.Text("The capital of France is Paris."));
        assertThat(response.reasoning()).isNull();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.nativeFinishReason()).isEqualTo("end_turn");
        assertThat(response.usage()).isEqualTo(new Usage(21, 10, 0, 0, 0));
    }

    @Test
    void maps_tool_use_blocks_to_tool_calls() {
        ChatResponse response = adapter.readChatResponse(bytes("anthropic/chat-tools.response.json"));

        assertThat(response.content()).containsExactly(
                new ContentPart.Text("I'll check the current weather in San Francisco for you."),
                new ContentPart.ToolUse("toolu_01A09q90qw90lq917835lq9", "get_weather",
                        "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.nativeFinishReason()).isEqualTo("tool_use");
    }

    @Test
    void maps_max_tokens_to_length() {
        ChatResponse response = adapter.readChatResponse(bytes("anthropic/chat-max-tokens.response.json"));

        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.nativeFinishReason()).isEqualTo("max_tokens");
    }

    @Test
    void counts_cache_reads_and_writes_into_the_prompt_tokens() {
        ChatResponse response = adapter.readChatResponse(bytes("anthropic/chat-cache.response.json"));

        assertThat(response.usage()).isEqualTo(new Usage(21 + 188086 + 1024, 393, 188086, 1024, 0));
    }

    @Test
    void keeps_thinking_blocks_as_reasoning_with_their_signature() {
        ChatResponse response = adapter.readChatResponse(bytes("anthropic/chat-thinking.response.json"));

        assertThat(response.reasoning())
                .isEqualTo("To approach this, let me think about what we know about prime numbers of the form 4k+3.");
        assertThat(response.content()).containsExactly(
                new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, response.reasoning(),
                        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds", null, null),
                new ContentPart.Text("Yes, there are infinitely many prime numbers p with p mod 4 = 3."));
    }

    @ParameterizedTest
    @CsvSource({"end_turn, STOP", "stop_sequence, STOP", "max_tokens, LENGTH", "tool_use, TOOL_CALLS",
            "refusal, CONTENT_FILTER", "pause_turn, STOP", "model_context_window_exceeded, LENGTH"})
    void normalises_stop_reasons(String stopReason, FinishReason expected) {
        assertThat(AnthropicResponseMapper.finishReason(stopReason)).isEqualTo(expected);
    }

    @Test
    void ignores_block_types_it_does_not_model() {
        ChatResponse response = adapter.readChatResponse(("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\","
                + "\"name\":\"web_search\",\"input\":{\"query\":\"x\"}},{\"type\":\"text\",\"text\":\"Done.\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}")
                .getBytes());

        assertThat(response.content()).containsExactly(new ContentPart.Text("Done."));
    }

    @Test
    void reports_an_unreadable_body_as_a_bad_response() {
        assertThatThrownBy(() -> adapter.readChatResponse("<html>502 Bad Gateway</html>".getBytes()))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
    }
}
