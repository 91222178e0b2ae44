package dev.switchboard.gateway.api.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.FinishReason;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesStreamWriterTest {

    private final ResponsesStreamWriter writer = new ResponsesStreamWriter("gen-1767225600-aB3dE5fG7hJ9kL1mN3pQ", 1767225600L,
            "openai/gpt-5", "OpenAI", ResponseSettings.DEFAULTS);

    private List<String> write(List<ChatChunk> chunks) {
        List<String> events = new ArrayList<>();
        chunks.forEach(c -> events.addAll(writer.onChunk(c)));
        events.addAll(writer.finish(ResponsesWriterTest.META));
        return events;
    }

    private static String name(String event) {
        return event.substring("event: ".length(), event.indexOf('\n'));
    }

    private static JsonNode data(String event) {
        assertThat(event).endsWith("\n\n");
        String data = event.substring(event.indexOf("\ndata: ") + 7, event.length() - 2);
        assertThat(data).doesNotContain("\n");
        return ResponsesWriterTest.json(data);
    }

    /** Every event names its type in both lines, and the sequence numbers count 0, 1, 2, … */
    private static List<String> types(List<String> events) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = data(events.get(i));
            assertThat(data.get("type").asText()).isEqualTo(name(events.get(i)));
            assertThat(data.get("sequence_number").asLong()).as("sequence_number of event %d", i).isEqualTo(i);
            assertThat(data.has("error") && !data.get("type").asText().equals("response.failed"))
                    .as("a top-level error makes the OpenAI SDK throw").isFalse();
            types.add(name(events.get(i)));
        }
        return types;
    }

    @Test
    void streams_a_message_in_openais_event_order_and_completes_with_usage_and_cost() {
        List<String> events = write(List.of(new ChatChunk.Start("chatcmpl-1", "gpt-5"), new ChatChunk.TextDelta("Hello"),
                new ChatChunk.TextDelta(" there"), new ChatChunk.Finish(FinishReason.STOP, "stop"),
                new ChatChunk.UsageReport(null)));

        assertThat(types(events)).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed");
        JsonNode created = data(events.get(0)).get("response");
        assertThat(created.get("id").asText()).isEqualTo("gen-1767225600-aB3dE5fG7hJ9kL1mN3pQ");
        assertThat(created.get("status").asText()).isEqualTo("in_progress");
        assertThat(created.get("output")).isEmpty();
        assertThat(created.get("usage").isNull()).isTrue();
        JsonNode added = data(events.get(2));
        assertThat(added.get("output_index").asInt()).isZero();
        assertThat(added.at("/item/type").asText()).isEqualTo("message");
        assertThat(added.at("/item/status").asText()).isEqualTo("in_progress");
        assertThat(added.at("/item/content")).isEmpty();
        String itemId = added.at("/item/id").asText();
        assertThat(itemId).isEqualTo("msg_1767225600_aB3dE5fG7hJ9kL1mN3pQ_0");
        assertThat(data(events.get(3)).at("/part/text").asText()).isEmpty();
        JsonNode delta = data(events.get(5));
        assertThat(delta.get("item_id").asText()).isEqualTo(itemId);
        assertThat(delta.get("content_index").asInt()).isZero();
        assertThat(delta.get("delta").asText()).isEqualTo(" there");
        assertThat(delta.get("logprobs")).isEmpty();
        assertThat(data(events.get(6)).get("text").asText()).isEqualTo("Hello there");
        assertThat(data(events.get(7)).at("/part/text").asText()).isEqualTo("Hello there");
        assertThat(data(events.get(8)).at("/item/status").asText()).isEqualTo("completed");
        JsonNode completed = data(events.get(9)).get("response");
        assertThat(completed.get("status").asText()).isEqualTo("completed");
        assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo("Hello there");
        assertThat(completed.at("/usage/input_tokens").asInt()).isEqualTo(3122);
        assertThat(completed.at("/usage/output_tokens_details/reasoning_tokens").asInt()).isEqualTo(64);
        assertThat(completed.at("/usage/cost").decimalValue()).isEqualByComparingTo("0.001234567");
        assertThat(String.join("", events)).doesNotContain("[DONE]");
        assertThat(writer.finish(ResponsesWriterTest.META)).as("once").isEmpty();
    }

    @Test
    void streams_reasoning_then_text_then_each_tool_call_as_its_own_item() {
        List<String> events = write(List.of(new ChatChunk.ReasoningDelta("Think"), new ChatChunk.ReasoningDelta("ing."),
                new ChatChunk.TextDelta("Calling."),
                new ChatChunk.ToolCallDelta(0, "call_1", "get_weather", ""),
                new ChatChunk.ToolCallDelta(0, null, null, "{\"city\":"), new ChatChunk.ToolCallDelta(0, null, null, "\"Paris\"}"),
                new ChatChunk.ToolCallDelta(1, "call_2", "get_time", "{}"),
                new ChatChunk.ToolCallDelta(7, null, null, "lost"),
                new ChatChunk.Finish(FinishReason.TOOL_CALLS, "tool_calls")));

        assertThat(types(events)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        assertThat(data(events.get(3)).get("summary_index").asInt()).isZero();
        assertThat(data(events.get(6)).get("text").asText()).isEqualTo("Thinking.");
        assertThat(data(events.get(8)).at("/item/summary/0/text").asText()).isEqualTo("Thinking.");
        JsonNode call = data(events.get(15));
        assertThat(call.get("output_index").asInt()).isEqualTo(2);
        assertThat(call.at("/item/type").asText()).isEqualTo("function_call");
        assertThat(call.at("/item/call_id").asText()).isEqualTo("call_1");
        assertThat(call.at("/item/name").asText()).isEqualTo("get_weather");
        assertThat(call.at("/item/arguments").asText()).isEmpty();
        JsonNode done = data(events.get(18));
        assertThat(done.get("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(done.get("item_id").asText()).isEqualTo("fc_1767225600_aB3dE5fG7hJ9kL1mN3pQ_2");
        JsonNode output = data(events.getLast()).at("/response/output");
        assertThat(output).hasSize(4);
        assertThat(output.findValuesAsText("type")).containsExactly("reasoning", "summary_text", "message", "output_text",
                "function_call", "function_call");
        assertThat(output.get(3).get("arguments").asText()).isEqualTo("{}");
        assertThat(output.get(3).get("id").asText()).isEqualTo("fc_1767225600_aB3dE5fG7hJ9kL1mN3pQ_3");
    }

    @Test
    void a_stream_cut_by_the_output_limit_ends_incomplete() {
        List<String> events = write(List.of(new ChatChunk.TextDelta("Hello"), new ChatChunk.Finish(FinishReason.LENGTH, "length")));
        assertThat(types(events)).last().isEqualTo("response.incomplete");
        JsonNode response = data(events.getLast()).get("response");
        assertThat(response.get("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(response.at("/output/0/status").asText()).isEqualTo("incomplete");
    }

    @Test
    void a_stream_without_output_still_has_its_empty_message() {
        assertThat(types(write(List.of(new ChatChunk.Finish(FinishReason.STOP, "stop"))))).containsExactly("response.created",
                "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed");
    }

    @Test
    void a_failure_after_the_start_ends_with_error_then_response_failed_with_the_output_so_far() {
        List<String> events = new ArrayList<>(writer.onChunk(new ChatChunk.TextDelta("Hel")));
        events.addAll(writer.error(502, "Anthropic is overloaded: Overloaded", ResponsesWriterTest.META));

        assertThat(types(events)).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "error", "response.failed");
        JsonNode error = data(events.get(5));
        assertThat(error.get("code").asText()).isEqualTo("server_error");
        assertThat(error.get("message").asText()).isEqualTo("Anthropic is overloaded: Overloaded");
        assertThat(error.get("param").isNull()).isTrue();
        JsonNode failed = data(events.get(6)).get("response");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/error/code").asText()).isEqualTo("server_error");
        assertThat(failed.at("/error/message").asText()).isEqualTo("Anthropic is overloaded: Overloaded");
        assertThat(failed.at("/output/0/status").asText()).isEqualTo("incomplete");
        assertThat(failed.at("/output/0/content/0/text").asText()).isEqualTo("Hel");
        assertThat(failed.at("/usage/cost").decimalValue()).isEqualByComparingTo("0.001234567");
        assertThat(writer.onChunk(new ChatChunk.TextDelta("lo"))).isEmpty();
        assertThat(writer.finish(ResponsesWriterTest.META)).isEmpty();
    }

    @Test
    void a_failure_before_any_output_still_starts_the_stream_and_the_error_code_follows_the_status() {
        List<String> events = writer.error(429, "slow down", ResponsesWriterTest.META);
        assertThat(types(events)).containsExactly("response.created", "response.in_progress", "error", "response.failed");
        assertThat(data(events.get(2)).get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(ResponsesStreamWriter.errorCode(400)).isEqualTo("invalid_prompt");
        assertThat(ResponsesStreamWriter.errorCode(408)).isEqualTo("server_error");
    }

    @Test
    void every_event_parses_and_validates_with_the_official_sdks_models() throws Exception {
        ResponseSettings settings = new ResponseSettings("Be brief.", List.of(new dev.switchboard.gateway.wire.openai.responses.FunctionTool(
                "f", "d", ResponsesWriterTest.json("{\"type\":\"object\"}"), true)),
                com.fasterxml.jackson.databind.node.TextNode.valueOf("auto"), true, 1.0, null, 100,
                new dev.switchboard.gateway.wire.openai.responses.ReasoningConfig("low", "auto"),
                dev.switchboard.gateway.wire.openai.responses.TextConfig.TEXT, null);
        List<String> events = new ArrayList<>();
        ResponsesStreamWriter complete = new ResponsesStreamWriter("gen-1-a", 1L, "m", "P", settings);
        for (ChatChunk chunk : List.of(new ChatChunk.ReasoningDelta("Think."), new ChatChunk.TextDelta("Hi"),
                new ChatChunk.ToolCallDelta(0, "call_1", "f", "{}"), new ChatChunk.Finish(FinishReason.LENGTH, "length"))) {
            events.addAll(complete.onChunk(chunk));
        }
        events.addAll(complete.finish(ResponsesWriterTest.META));
        ResponsesStreamWriter failing = new ResponsesStreamWriter("gen-1-b", 1L, "m", "P", settings);
        events.addAll(failing.onChunk(new ChatChunk.ToolCallDelta(0, "call_1", "f", "{")));
        events.addAll(failing.error(502, "down", ResponsesWriterTest.META));

        assertThat(ObjectMappers.jsonMapper().readValue("{\"type\":\"response.output_text.delta\",\"sequence_number\":1}",
                ResponseStreamEvent.class).isValid()).as("the check can fail: a delta without item_id is invalid").isFalse();
        List<String> seen = new ArrayList<>();
        for (String event : events) {
            ResponseStreamEvent parsed = ObjectMappers.jsonMapper().readValue(data(event).toString(), ResponseStreamEvent.class);
            assertThat(parsed.isValid()).as(event).isTrue();
            parsed.validate();
            seen.add(name(event));
        }
        assertThat(seen).contains("response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.incomplete",
                "error", "response.failed");
        Response incomplete = ObjectMappers.jsonMapper().readValue(data(events.get(seen.indexOf("response.incomplete"))).get("response").toString(),
                Response.class).validate();
        assertThat(incomplete.incompleteDetails().orElseThrow().reason()).hasValueSatisfying(
                r -> assertThat(r).isEqualTo(Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS));
        assertThat(incomplete.output()).hasSize(3);
        assertThat(incomplete.output().getFirst().asReasoning().summary().getFirst().text()).isEqualTo("Think.");
    }
}
