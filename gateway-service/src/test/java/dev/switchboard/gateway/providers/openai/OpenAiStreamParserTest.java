package dev.switchboard.gateway.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.providers.ProviderFixtures;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatChunk.Finish;
import dev.switchboard.gateway.canonical.ChatChunk.ReasoningDelta;
import dev.switchboard.gateway.canonical.ChatChunk.Start;
import dev.switchboard.gateway.canonical.ChatChunk.TextDelta;
import dev.switchboard.gateway.canonical.ChatChunk.ToolCallDelta;
import dev.switchboard.gateway.canonical.ChatChunk.UsageReport;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderException.Kind;
import dev.switchboard.gateway.providers.sse.SseEvent;
import dev.switchboard.gateway.providers.sse.SseEventReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamParserTest {

    private final OpenAiAdapter adapter = new OpenAiAdapter();

    @Test
    void replays_a_text_stream_with_the_include_usage_final_chunk() {
        List<ChatChunk> chunks = replay(ProviderFixtures.bytes("openai/chat-basic.stream.sse"), 7);

        assertThat(chunks).containsExactly(
                new Start("chatcmpl-C3xQ2bLk9mZf1r8VYtq0oE4nHcDpA", "gpt-4o-mini-2024-07-18"),
                new TextDelta("Hello"), new TextDelta("!"), new TextDelta(" How"), new TextDelta(" can"),
                new TextDelta(" I"), new TextDelta(" help"), new TextDelta(" you"), new TextDelta(" today"),
                new TextDelta("?"),
                new Finish(FinishReason.STOP, "stop"),
                new UsageReport(new Usage(19, 10, 0, 0, 0)));
    }

    @Test
    void replays_parallel_tool_calls_with_argument_deltas() {
        List<ChatChunk> chunks = replay(ProviderFixtures.bytes("openai/chat-tools.stream.sse"), 13);

        assertThat(chunks).containsExactly(
                new Start("chatcmpl-C3xR7tWq2nKd8sLfP0aYbVhM1eUoG", "gpt-4o-2024-08-06"),
                new ToolCallDelta(0, "call_8Xk2mQpL4rT9vWz1", "get_weather", ""),
                new ToolCallDelta(0, null, null, "{\"lo"),
                new ToolCallDelta(0, null, null, "cation"),
                new ToolCallDelta(0, null, null, "\": \"Pa"),
                new ToolCallDelta(0, null, null, "ris, F"),
                new ToolCallDelta(0, null, null, "rance\"}"),
                new ToolCallDelta(1, "call_3Hn7bYcR5sJ0eKd2", "get_time", ""),
                new ToolCallDelta(1, null, null, "{\"tz"),
                new ToolCallDelta(1, null, null, "\": \"Europe/"),
                new ToolCallDelta(1, null, null, "Paris\"}"),
                new Finish(FinishReason.TOOL_CALLS, "tool_calls"),
                new UsageReport(new Usage(82, 48, 64, 0, 0)));
        String weatherArguments = chunks.stream()
                .filter(c -> c instanceof ToolCallDelta d && d.index() == 0)
                .map(c -> ((ToolCallDelta) c).argumentsDelta())
                .reduce("", String::concat);
        assertThat(weatherArguments).isEqualTo("{\"location\": \"Paris, France\"}");
    }

    @Test
    void replays_deepseek_reasoning_with_usage_on_the_finishing_chunk() {
        List<ChatChunk> chunks = replay(ProviderFixtures.bytes("openai/chat-reasoning-deepseek.stream.sse"), 1);

        assertThat(chunks).containsExactly(
                new Start("5d1c5e1a-7b0e-4a43-9c7c-2f1e8f7a9b10", "deepseek-reasoner"),
                new ReasoningDelta("The user"), new ReasoningDelta(" asks 2+2."),
                new TextDelta("4"),
                new Finish(FinishReason.STOP, "stop"),
                new UsageReport(new Usage(12, 25, 0, 0, 21)));
    }

    @Test
    void sends_a_tool_calls_id_and_name_once_even_when_repeated() {
        ChatStreamParser parser = adapter.openChatStream();
        parser.onEvent(data("{\"id\":\"c\",\"model\":\"m\",\"choices\":[]}"));

        List<ChatChunk> first = parser.onEvent(data("""
                {"choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_1","function":{"name":"f","arguments":"{}"}}]}}]}"""));
        List<ChatChunk> again = parser.onEvent(data("""
                {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":""}}]}}]}"""));

        assertThat(first).containsExactly(new ToolCallDelta(0, "call_1", "f", "{}"));
        assertThat(again).isEmpty();
    }

    @Test
    void a_stop_after_tool_calls_finishes_as_tool_calls() {
        ChatStreamParser parser = adapter.openChatStream();
        parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}"));

        assertThat(parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")))
                .containsExactly(new Finish(FinishReason.TOOL_CALLS, "stop"));
    }

    @Test
    void done_without_a_finish_implies_stop_and_later_events_are_ignored() {
        ChatStreamParser parser = adapter.openChatStream();
        parser.onEvent(data("{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}"));

        assertThat(parser.onEvent(data("[DONE]"))).containsExactly(new Finish(FinishReason.STOP, null));
        assertThat(parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"}}]}"))).isEmpty();
        assertThat(parser.onEnd()).isEmpty();
    }

    @Test
    void eof_after_a_finish_without_done_completes_with_the_usage() {
        ChatStreamParser parser = adapter.openChatStream();
        parser.onEvent(data("""
                {"choices":[{"index":0,"delta":{},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}"""));

        assertThat(parser.onEnd()).containsExactly(new UsageReport(new Usage(3, 4, 0, 0, 0)));
    }

    @Test
    void eof_before_any_finish_is_an_upstream_failure() {
        ChatStreamParser parser = adapter.openChatStream();
        parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half\"}}]}"));

        assertThatThrownBy(parser::onEnd).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UPSTREAM));
    }

    @Test
    void ignores_other_choices_empty_events_and_comments() {
        ChatStreamParser parser = adapter.openChatStream();

        assertThat(parser.onEvent(data("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other\"}},"
                + "{\"index\":0,\"delta\":{\"content\":\"mine\"}}]}")))
                .containsExactly(new Start(null, null), new TextDelta("mine"));
        assertThat(parser.onEvent(data(" "))).isEmpty();
    }

    @Test
    void an_error_object_in_the_stream_is_a_provider_exception() {
        ChatStreamParser parser = adapter.openChatStream();
        parser.onEvent(data("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}"));

        assertThatThrownBy(() -> parser.onEvent(data("""
                {"error":{"message":"The server had an error processing your request.","type":"server_error","code":null}}""")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UPSTREAM);
                    assertThat(e.upstreamCode()).isEqualTo("server_error");
                    assertThat(e.getMessage()).isEqualTo("The server had an error processing your request.");
                });
    }

    @Test
    void an_openrouter_error_chunk_keeps_its_status() {
        ChatStreamParser parser = adapter.openChatStream();

        assertThatThrownBy(() -> parser.onEvent(data("""
                {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"m","provider":"Groq",
                 "error":{"code":429,"message":"Rate limited upstream","metadata":{"error_type":"rate_limit_exceeded"}},
                 "choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.upstreamStatus()).isEqualTo(429);
                });
    }

    @Test
    void an_error_event_with_plain_text_is_an_upstream_failure_with_that_message() {
        ChatStreamParser parser = adapter.openChatStream();

        assertThatThrownBy(() -> parser.onEvent(new SseEvent("error", "model overloaded, sk-abcdefghijklmnop leaked")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UPSTREAM);
                    assertThat(e.getMessage()).startsWith("model overloaded, ").doesNotContain("sk-abcdefghijklmnop");
                });
    }

    @Test
    void malformed_json_is_a_bad_response() {
        ChatStreamParser parser = adapter.openChatStream();

        assertThatThrownBy(() -> parser.onEvent(data("{\"choices\":[{\"index\":0,")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
                    assertThat(e.retryable()).isTrue();
                });
        assertThatThrownBy(() -> adapter.openChatStream().onEvent(data("\"just a string\"")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    /** Feeds the recorded stream through the SSE reader in chunks of {@code size} bytes, as a socket would. */
    private List<ChatChunk> replay(byte[] stream, int size) {
        ChatStreamParser parser = adapter.openChatStream();
        SseEventReader reader = new SseEventReader();
        List<ChatChunk> chunks = new ArrayList<>();
        for (int at = 0; at < stream.length; at += size) {
            reader.feed(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + size)), e -> chunks.addAll(parser.onEvent(e)));
        }
        reader.finish(e -> chunks.addAll(parser.onEvent(e)));
        chunks.addAll(parser.onEnd());
        return chunks;
    }

    private static SseEvent data(String data) {
        return new SseEvent(null, data);
    }
}
