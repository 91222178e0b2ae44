package dev.switchboard.gateway.providers.anthropic;

import static dev.switchboard.gateway.providers.ProviderFixtures.sseEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamParserTest {

    private final ChatStreamParser parser = new AnthropicAdapter().openChatStream();

    private List<ChatChunk> replay(List<SseEvent> events) {
        List<ChatChunk> chunks = new ArrayList<>();
        events.forEach(e -> chunks.addAll(parser.onEvent(e)));
        chunks.addAll(parser.onEnd());
        return chunks;
    }

    @Test
    void replays_a_text_stream_with_usage_split_between_start_and_delta() {
        List<ChatChunk> chunks = replay(sseEvents("anthropic/chat-basic.stream.sse"));

        assertThat(chunks).containsExactly(
                // message_start's input side goes out with the start, for clients that read it there
                new ChatChunk.Start("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "claude-sonnet-4-5-20250929", new Usage(25, 0, 0, 0, 0)),
                new ChatChunk.TextDelta("Hello"),
                new ChatChunk.TextDelta("!"),
                new ChatChunk.Finish(FinishReason.STOP, "end_turn"),
                new ChatChunk.UsageReport(new Usage(25, 15, 0, 0, 0)));
    }

    @Test
    void replays_tool_use_blocks_as_tool_call_deltas_numbered_among_tool_calls() {
        List<ChatChunk> chunks = replay(sseEvents("anthropic/chat-tools.stream.sse"));

        assertThat(chunks).containsExactly(
                new ChatChunk.Start("msg_014p7gG3wDgGV9EUtLvnow3U", "claude-sonnet-4-5-20250929", new Usage(472 + 2048, 0, 2048, 0, 0)),
                new ChatChunk.TextDelta("Okay"),
                new ChatChunk.TextDelta(", let's check the weather for San Francisco and Paris:"),
                new ChatChunk.ToolCallDelta(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", ""),
                new ChatChunk.ToolCallDelta(0, null, null, "{\"location\":"),
                new ChatChunk.ToolCallDelta(0, null, null, " \"San Francisco, CA\""),
                new ChatChunk.ToolCallDelta(0, null, null, ", \"unit\": \"fahrenheit\"}"),
                new ChatChunk.ToolCallDelta(1, "toolu_01CqT6kSpXYPhH7HUc3BzJHD", "get_weather", ""),
                new ChatChunk.ToolCallDelta(1, null, null, "{\"location\": \"Paris\"}"),
                new ChatChunk.Finish(FinishReason.TOOL_CALLS, "tool_use"),
                new ChatChunk.UsageReport(new Usage(472 + 2048, 89, 2048, 0, 0)));
    }

    @Test
    void replays_thinking_deltas_as_reasoning_closed_by_their_signature() {
        List<ChatChunk> chunks = replay(sseEvents("anthropic/chat-thinking.stream.sse"));

        assertThat(chunks).containsExactly(
                new ChatChunk.Start("msg_01VeNUybMRJcdHVaa4GHDKvr", "claude-sonnet-4-5-20250929"), // no usage at its start
                new ChatChunk.ReasoningDelta("Let me solve this step by step:\n\n1. First break down 27 * 453"),
                new ChatChunk.ReasoningDelta("\n2. 453 = 400 + 50 + 3"),
                new ChatChunk.ReasoningDetail(new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, null,
                        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds", null, null)),
                new ChatChunk.TextDelta("27 * 453 = 12,231"),
                new ChatChunk.Finish(FinishReason.STOP, "end_turn"),
                new ChatChunk.UsageReport(new Usage(0, 180, 0, 0, 0)));
    }

    @Test
    void takes_the_cumulative_usage_of_message_delta_when_it_repeats_the_input_side() {
        List<ChatChunk> chunks = replay(List.of(
                new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}"),
                new SseEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":5,"
                        + "\"cache_read_input_tokens\":100,\"output_tokens\":30}}"),
                new SseEvent("message_stop", "{\"type\":\"message_stop\"}")));

        assertThat(chunks).last().isEqualTo(new ChatChunk.UsageReport(new Usage(117, 30, 100, 5, 0)));
    }

    @Test
    void turns_an_error_event_into_a_classified_provider_exception() {
        parser.onEvent(sseEvents("anthropic/chat-basic.stream.sse").getFirst());

        assertThatThrownBy(() -> parser.onEvent(new SseEvent("error",
                "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.OVERLOADED);
                    assertThat(e.upstreamCode()).isEqualTo("overloaded_error");
                    assertThat(e.upstreamStatus()).isEqualTo(529);
                    assertThat(e.getMessage()).isEqualTo("Overloaded");
                });
    }

    @Test
    void fails_a_stream_that_ends_before_message_stop() {
        List<SseEvent> events = sseEvents("anthropic/chat-basic.stream.sse");
        events.subList(0, 4).forEach(parser::onEvent);

        assertThatThrownBy(parser::onEnd).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.UPSTREAM);
            assertThat(e.getMessage()).contains("ended early");
        });
    }

    @Test
    void ignores_event_types_it_does_not_know() {
        assertThat(parser.onEvent(new SseEvent("future_event", "{\"type\":\"future_event\",\"x\":1}"))).isEmpty();
    }

    @Test
    void reports_unparseable_event_data_as_a_bad_response() {
        assertThatThrownBy(() -> parser.onEvent(new SseEvent("content_block_delta", "{not json")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
    }
}
