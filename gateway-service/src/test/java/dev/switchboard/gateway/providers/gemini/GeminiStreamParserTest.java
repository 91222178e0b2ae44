package dev.switchboard.gateway.providers.gemini;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiStreamParserTest {

    private final ChatStreamParser parser = new GeminiAdapter().openChatStream();

    private List<ChatChunk> replay(List<SseEvent> events) {
        List<ChatChunk> chunks = new ArrayList<>();
        events.forEach(e -> chunks.addAll(parser.onEvent(e)));
        chunks.addAll(parser.onEnd());
        return chunks;
    }

    @Test
    void replays_text_pieces_and_reports_the_last_usage_once_at_the_end() {
        List<ChatChunk> chunks = replay(sseEvents("gemini/chat-basic.stream.sse"));

        assertThat(chunks).containsExactly(
                new ChatChunk.Start("Xz3oaPuSIvK7nvgPkLmH4Qs", "gemini-2.5-flash"),
                new ChatChunk.TextDelta("The"),
                new ChatChunk.TextDelta(" capital of France is"),
                new ChatChunk.TextDelta(" Paris."),
                new ChatChunk.Finish(FinishReason.STOP, "STOP"),
                new ChatChunk.UsageReport(new Usage(8, 7 + 21, 0, 0, 21)));
    }

    @Test
    void replays_whole_function_calls_as_one_tool_call_delta_each() {
        List<ChatChunk> chunks = replay(sseEvents("gemini/chat-tools.stream.sse"));

        assertThat(chunks).containsExactly(
                new ChatChunk.Start("6EPuaN3tJ4Soz7IPjLDbiQc", "gemini-2.5-flash"),
                new ChatChunk.TextDelta("Let me look that up."),
                new ChatChunk.ReasoningDetail(new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null,
                        "CiQB0e2Kb7zBX0aB2tkKnNvmjC3E5TIbmAVs1SbvUAA1vV1XKHI=", null, "call_6EPuaN3tJ4Soz7IPjLDbiQc_0")),
                new ChatChunk.ToolCallDelta(0, "call_6EPuaN3tJ4Soz7IPjLDbiQc_0", "get_weather", "{\"city\":\"Paris\"}"),
                new ChatChunk.ToolCallDelta(1, "call_6EPuaN3tJ4Soz7IPjLDbiQc_1", "get_weather", "{\"city\":\"London\",\"unit\":\"celsius\"}"),
                new ChatChunk.Finish(FinishReason.TOOL_CALLS, "STOP"),
                new ChatChunk.UsageReport(new Usage(74, 36 + 62, 0, 0, 62)));
    }

    @Test
    void replays_thought_parts_as_reasoning_deltas() {
        List<ChatChunk> chunks = replay(sseEvents("gemini/chat-thinking.stream.sse"));

        assertThat(chunks).containsExactly(
                new ChatChunk.Start("pUXuaLfoEuyrz7IP0J6wqQk", "gemini-2.5-pro"),
                new ChatChunk.ReasoningDelta("**Planning the answer**\n\nThe user wants a short list."),
                new ChatChunk.TextDelta("Red, green, blue."),
                new ChatChunk.Finish(FinishReason.STOP, "STOP"),
                new ChatChunk.UsageReport(new Usage(10, 5 + 150, 0, 0, 150)));
    }

    @Test
    void turns_an_error_in_a_data_event_into_a_classified_provider_exception() {
        parser.onEvent(sseEvents("gemini/chat-basic.stream.sse").getFirst());

        assertThatThrownBy(() -> parser.onEvent(new SseEvent(null, "{\"error\": {\"code\": 429, \"message\": "
                + "\"Resource has been exhausted (e.g. check quota).\", \"status\": \"RESOURCE_EXHAUSTED\", \"details\": "
                + "[{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"12s\"}]}}")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
                    assertThat(e.upstreamStatus()).isEqualTo(429);
                    assertThat(e.upstreamCode()).isEqualTo("RESOURCE_EXHAUSTED");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
                });
    }

    @Test
    void fails_a_blocked_prompt_as_content_filtered() {
        assertThatThrownBy(() -> parser.onEvent(new SseEvent(null, "{\"promptFeedback\": {\"blockReason\": \"PROHIBITED_CONTENT\"},"
                + "\"usageMetadata\": {\"promptTokenCount\": 9, \"totalTokenCount\": 9}, \"modelVersion\": \"gemini-2.5-flash\"}")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONTENT_FILTERED));
    }

    @Test
    void fails_a_stream_that_ends_without_a_finish_reason() {
        parser.onEvent(sseEvents("gemini/chat-basic.stream.sse").getFirst());

        assertThatThrownBy(parser::onEnd).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.UPSTREAM);
            assertThat(e.getMessage()).contains("ended early");
        });
    }
}
