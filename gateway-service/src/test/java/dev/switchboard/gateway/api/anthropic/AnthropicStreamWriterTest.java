package dev.switchboard.gateway.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.anthropic.AnthropicAdapter;
import dev.switchboard.gateway.providers.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AnthropicStreamWriter writer = new AnthropicStreamWriter("gen-1", "anthropic/claude-sonnet-4.5", 25);

    private List<String> write(List<ChatChunk> chunks, Usage usage, long cost) {
        List<String> events = new ArrayList<>();
        chunks.forEach(c -> events.addAll(writer.onChunk(c)));
        events.addAll(writer.finish(usage, cost));
        return events;
    }

    private static String name(String event) {
        return event.substring("event: ".length(), event.indexOf('\n'));
    }

    private static JsonNode data(String event) {
        try {
            return JSON.readTree(event.substring(event.indexOf("\ndata: ") + 7).strip());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void message_start_carries_the_input_usage_the_provider_reported_at_its_start_else_the_gateways_count() {
        AnthropicStreamWriter reported = new AnthropicStreamWriter("gen-1", "m", 25);
        JsonNode usage = data(reported.onChunk(new ChatChunk.Start("msg_1", "claude", new Usage(472 + 2048 + 7, 0, 2048, 7, 0))).getFirst())
                .get("message").get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(472); // Anthropic's input_tokens leave the cache out
        assertThat(usage.get("cache_read_input_tokens").asInt()).isEqualTo(2048);
        assertThat(usage.get("cache_creation_input_tokens").asInt()).isEqualTo(7);
        assertThat(usage.get("output_tokens").asInt()).isZero();
        assertThat(usage.has("input_tokens_estimated")).isFalse();
        AnthropicStreamWriter counted = new AnthropicStreamWriter("gen-2", "m", 25);
        assertThat(data(counted.onChunk(new ChatChunk.Start("chatcmpl-1", "gpt")).getFirst()).get("message").get("usage")
                .get("input_tokens").asInt()).isEqualTo(25);
    }

    @Test
    void writes_the_exact_event_sequence_of_a_text_message() {
        List<String> events = write(List.of(
                new ChatChunk.Start("chatcmpl-1", "gpt-4o-mini"),
                new ChatChunk.TextDelta("Hello"),
                new ChatChunk.TextDelta("!"),
                new ChatChunk.Finish(FinishReason.STOP, "stop"),
                new ChatChunk.UsageReport(new Usage(25, 15, 0, 0, 0))), null, 150);

        assertThat(String.join("", events)).isEqualTo("""
                event: message_start
                data: {"type":"message_start","message":{"id":"gen-1","type":"message","role":"assistant",\
                "model":"anthropic/claude-sonnet-4.5","content":[],"stop_reason":null,"stop_sequence":null,\
                "usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0,\
                "input_tokens_estimated":true}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},\
                "usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":15,\
                "cost":0.00000015,"input_tokens_estimated":false}}

                event: message_stop
                data: {"type":"message_stop"}

                """);
    }

    @Test
    void writes_text_then_each_tool_call_as_its_own_tool_use_block() {
        List<String> events = write(List.of(
                new ChatChunk.TextDelta("Checking both."),
                new ChatChunk.ToolCallDelta(0, "call_a", "get_weather", ""),
                new ChatChunk.ToolCallDelta(0, null, null, "{\"city\":"),
                new ChatChunk.ToolCallDelta(0, null, null, "\"Paris\"}"),
                new ChatChunk.ToolCallDelta(1, "call_b", "get_weather", "{\"city\":\"London\"}"),
                new ChatChunk.Finish(FinishReason.TOOL_CALLS, "tool_calls")), new Usage(3122, 40, 2048, 1024, 0), 0);

        assertThat(events).extracting(AnthropicStreamWriterTest::name).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(data(events.get(4)).get("index").asInt()).isEqualTo(1);
        assertThat(data(events.get(4)).get("content_block")).isEqualTo(JSON.createObjectNode()
                .put("type", "tool_use").put("id", "call_a").put("name", "get_weather").set("input", JSON.createObjectNode()));
        assertThat(data(events.get(5)).get("delta")).isEqualTo(JSON.createObjectNode()
                .put("type", "input_json_delta").put("partial_json", "{\"city\":"));
        assertThat(data(events.get(8)).get("index").asInt()).isEqualTo(2);
        assertThat(data(events.get(9)).at("/delta/partial_json").asText()).isEqualTo("{\"city\":\"London\"}");
        assertThat(data(events.get(11)).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(data(events.get(11)).get("usage")).isEqualTo(JSON.createObjectNode().put("input_tokens", 50)
                .put("cache_creation_input_tokens", 1024).put("cache_read_input_tokens", 2048).put("output_tokens", 40)
                .put("cost", 0).put("input_tokens_estimated", false)); // message_start had the gateway's count
    }

    @Test
    void writes_reasoning_as_a_thinking_block_before_the_text() {
        List<String> events = write(List.of(new ChatChunk.ReasoningDelta("Think."), new ChatChunk.TextDelta("Answer.")),
                Usage.ZERO, 0);

        assertThat(data(events.get(1)).get("content_block")).isEqualTo(JSON.createObjectNode()
                .put("type", "thinking").put("thinking", ""));
        assertThat(data(events.get(2)).get("delta")).isEqualTo(JSON.createObjectNode()
                .put("type", "thinking_delta").put("thinking", "Think."));
        assertThat(name(events.get(3))).isEqualTo("content_block_stop");
        assertThat(data(events.get(4)).get("index").asInt()).isEqualTo(1);
    }

    @Test
    void round_trips_through_our_own_anthropic_stream_parser() {
        List<ChatChunk> original = List.of(
                new ChatChunk.TextDelta("Okay"),
                new ChatChunk.ToolCallDelta(0, "toolu_1", "get_weather", ""),
                new ChatChunk.ToolCallDelta(0, null, null, "{\"location\":\"Paris\"}"),
                new ChatChunk.Finish(FinishReason.TOOL_CALLS, "tool_use"));
        List<String> events = write(original, new Usage(30, 12, 10, 0, 0), 0);

        ChatStreamParser parser = new AnthropicAdapter().openChatStream();
        List<ChatChunk> parsed = new ArrayList<>();
        events.forEach(e -> parsed.addAll(parser.onEvent(new SseEvent(name(e), data(e).toString()))));
        parsed.addAll(parser.onEnd());

        assertThat(parsed).containsExactly(
                // message_start's input side (the writer's count of the prompt, 25) reads back as the start's usage
                new ChatChunk.Start("gen-1", "anthropic/claude-sonnet-4.5", new Usage(25, 0, 0, 0, 0)),
                new ChatChunk.TextDelta("Okay"),
                new ChatChunk.ToolCallDelta(0, "toolu_1", "get_weather", ""),
                new ChatChunk.ToolCallDelta(0, null, null, "{\"location\":\"Paris\"}"),
                new ChatChunk.Finish(FinishReason.TOOL_CALLS, "tool_use"),
                new ChatChunk.UsageReport(new Usage(30, 12, 10, 0, 0)));
    }

    @Test
    void uses_the_reported_usage_when_finish_is_given_none_and_says_tool_use_without_a_finish_chunk() {
        List<String> events = write(List.of(new ChatChunk.ToolCallDelta(0, "call_1", "f", "{}"),
                new ChatChunk.UsageReport(new Usage(9, 3, 0, 0, 0))), null, 0);

        JsonNode messageDelta = data(events.get(events.size() - 2));
        assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(messageDelta.at("/usage/input_tokens").asInt()).isEqualTo(9);
        assertThat(messageDelta.at("/usage/output_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void writes_message_start_once_and_nothing_after_the_end() {
        assertThat(writer.start()).hasSize(1);
        assertThat(writer.start()).isEmpty();
        assertThat(writer.finish(Usage.ZERO, 0)).extracting(AnthropicStreamWriterTest::name)
                .containsExactly("message_delta", "message_stop");
        assertThat(writer.finish(Usage.ZERO, 0)).isEmpty();
        assertThat(writer.onChunk(new ChatChunk.TextDelta("late"))).isEmpty();
    }

    @Test
    void writes_an_error_event_in_anthropic_shape() {
        assertThat(writer.error(529, "Overloaded")).isEqualTo(
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
        assertThat(AnthropicStreamWriter.ping()).isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    }

    @Test
    void an_anthropic_signature_closes_its_thinking_block_and_a_gemini_one_follows_the_text_it_signed() {
        AnthropicStreamWriter writer = new AnthropicStreamWriter("gen-1", "m", 5);
        List<JsonNode> events = new java.util.ArrayList<>();
        for (ChatChunk chunk : List.of(new ChatChunk.Start("msg_1", "claude"), new ChatChunk.ReasoningDelta("Hmm."),
                new ChatChunk.ReasoningDetail(new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, null, "sigA", null, null)),
                new ChatChunk.ReasoningDetail(new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, null, null, "secret", null)),
                new ChatChunk.TextDelta("Hi"),
                new ChatChunk.ReasoningDetail(new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, "sigG", null, null)),
                new ChatChunk.TextDelta(" there"))) {
            writer.onChunk(chunk).forEach(e -> events.add(data(e)));
        }
        writer.finish(null, 0).forEach(e -> events.add(data(e)));
        List<String> shape = events.stream().map(e -> e.path("type").asText() + ":" + e.path("index").asText("")
                + ":" + e.path("content_block").path("type").asText("") + e.path("delta").path("type").asText("")).toList();
        assertThat(shape).containsExactly("message_start::", "content_block_start:0:thinking", "content_block_delta:0:thinking_delta",
                "content_block_delta:0:signature_delta", "content_block_stop:0:", "content_block_start:1:redacted_thinking",
                "content_block_stop:1:", "content_block_start:2:text", "content_block_delta:2:text_delta",
                "content_block_delta:2:text_delta", "content_block_stop:2:", "content_block_start:3:thinking",
                "content_block_delta:3:signature_delta", "content_block_stop:3:", "message_delta::", "message_stop::");
        assertThat(events.get(3).path("delta").path("signature").asText()).isEqualTo("sigA");
        assertThat(events.get(5).path("content_block").path("data").asText()).isEqualTo("secret");
        // the Gemini signature, sealed in the block's signature, reads back as Gemini's, bare
        String sealed = events.get(12).path("delta").path("signature").asText();
        assertThat(sealed).startsWith("google-gemini-v1.");
        assertThat(ThinkingBlocks.thinking("", sealed)).isEqualTo(new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, "sigG", null, null));
    }
}
