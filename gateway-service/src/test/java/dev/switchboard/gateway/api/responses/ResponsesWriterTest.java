package dev.switchboard.gateway.api.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.wire.openai.responses.FunctionTool;
import dev.switchboard.gateway.wire.openai.responses.ReasoningConfig;
import dev.switchboard.gateway.wire.openai.responses.TextConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final ResponseMeta META = new ResponseMeta("gen-1767225600-aB3dE5fG7hJ9kL1mN3pQ", 1767225600L, "openai/gpt-5",
            "OpenAI", new Usage(3122, 120, 2048, 7, 64), 1_234_567L, 1_000_000L, 234_567L, false);

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        return json(text.getBytes());
    }

    @Test
    void writes_the_response_object_with_reasoning_message_and_function_call_items_the_echo_and_usage_with_cost() throws Exception {
        ChatResponse response = new ChatResponse("chatcmpl-1", "gpt-5", List.of(
                new ContentPart.Text("Let me "), new ContentPart.Text("check."),
                new ContentPart.ToolUse("call_abc", "get_weather", "{\"city\":\"Paris\"}")),
                "The user wants weather.", FinishReason.TOOL_CALLS, "tool_calls", new Usage(1, 1, 0, 0, 0));
        ResponseSettings settings = new ResponseSettings("Be brief.",
                List.of(new FunctionTool("get_weather", "Weather", JSON.readTree("{\"type\":\"object\"}"), true)),
                TextNode.valueOf("required"), false, 0.5, 0.9, 1000, new ReasoningConfig("high", "auto"), TextConfig.TEXT, "u-1");

        assertThat(json(ResponsesWriter.write(response, META, settings))).isEqualTo(json("""
                {
                  "id": "gen-1767225600-aB3dE5fG7hJ9kL1mN3pQ",
                  "object": "response",
                  "created_at": 1767225600,
                  "status": "completed",
                  "error": null,
                  "incomplete_details": null,
                  "instructions": "Be brief.",
                  "max_output_tokens": 1000,
                  "model": "openai/gpt-5",
                  "output": [
                    {"type": "reasoning", "id": "rs_1767225600_aB3dE5fG7hJ9kL1mN3pQ_0",
                     "summary": [{"type": "summary_text", "text": "The user wants weather."}]},
                    {"type": "message", "id": "msg_1767225600_aB3dE5fG7hJ9kL1mN3pQ_1", "status": "completed", "role": "assistant",
                     "content": [{"type": "output_text", "text": "Let me check.", "annotations": [], "logprobs": []}]},
                    {"type": "function_call", "id": "fc_1767225600_aB3dE5fG7hJ9kL1mN3pQ_2", "status": "completed",
                     "arguments": "{\\"city\\":\\"Paris\\"}", "call_id": "call_abc", "name": "get_weather"}
                  ],
                  "parallel_tool_calls": false,
                  "previous_response_id": null,
                  "reasoning": {"effort": "high", "summary": "auto"},
                  "store": false,
                  "temperature": 0.5,
                  "text": {"format": {"type": "text"}},
                  "tool_choice": "required",
                  "tools": [{"type": "function", "name": "get_weather", "description": "Weather",
                             "parameters": {"type": "object"}, "strict": true}],
                  "top_p": 0.9,
                  "truncation": "disabled",
                  "usage": {
                    "input_tokens": 3122,
                    "input_tokens_details": {"cached_tokens": 2048, "cache_write_tokens": 7},
                    "output_tokens": 120,
                    "output_tokens_details": {"reasoning_tokens": 64},
                    "total_tokens": 3242,
                    "cost": 0.001234567,
                    "is_byok": false,
                    "cost_details": {"upstream_inference_cost": null, "upstream_inference_prompt_cost": 0.001,
                                     "upstream_inference_completions_cost": 0.000234567}
                  },
                  "user": "u-1",
                  "metadata": {},
                  "provider": "OpenAI"
                }
                """));
    }

    @Test
    void a_response_of_tool_calls_only_has_no_message_and_one_with_nothing_has_an_empty_message() {
        ChatResponse calls = new ChatResponse("x", "m", List.of(new ContentPart.ToolUse("c1", "f", "{}"),
                new ContentPart.ToolUse("c2", "g", "{\"a\":1}")), null, FinishReason.TOOL_CALLS, null, null);
        JsonNode output = json(ResponsesWriter.write(calls, META, ResponseSettings.DEFAULTS)).get("output");
        assertThat(output).hasSize(2);
        assertThat(output.get(0).get("type").asText()).isEqualTo("function_call");
        assertThat(output.get(1).get("call_id").asText()).isEqualTo("c2");
        assertThat(output.get(1).get("id").asText()).isEqualTo("fc_1767225600_aB3dE5fG7hJ9kL1mN3pQ_1");

        JsonNode empty = json(ResponsesWriter.write(new ChatResponse("x", "m", List.of(), "", FinishReason.STOP, null, null),
                META, ResponseSettings.DEFAULTS));
        assertThat(empty.get("output")).hasSize(1);
        assertThat(empty.at("/output/0/content/0/text").asText()).isEmpty();
        assertThat(empty.get("tool_choice").asText()).isEqualTo("auto");
        assertThat(empty.get("parallel_tool_calls").asBoolean()).isTrue();
        assertThat(empty.get("tools")).isEmpty();
        assertThat(empty.get("reasoning").isNull()).isTrue();
        assertThat(empty.get("temperature").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LENGTH, incomplete, max_output_tokens, incomplete", "CONTENT_FILTER, incomplete, content_filter, incomplete",
            "STOP, completed, , completed", "TOOL_CALLS, completed, , completed"})
    void a_response_cut_by_its_limit_or_a_filter_is_incomplete_with_the_reason(FinishReason finish, String status, String reason,
                                                                               String messageStatus) {
        JsonNode body = json(ResponsesWriter.write(new ChatResponse("x", "m", List.of(new ContentPart.Text("Hello")), null,
                finish, null, null), META, ResponseSettings.DEFAULTS));
        assertThat(body.get("status").asText()).isEqualTo(status);
        if (reason == null) {
            assertThat(body.get("incomplete_details").isNull()).isTrue();
        } else {
            assertThat(body.at("/incomplete_details/reason").asText()).isEqualTo(reason);
        }
        assertThat(body.at("/output/0/status").asText()).isEqualTo(messageStatus);
    }

    @Test
    void item_ids_are_deterministic_and_unique_per_response() {
        assertThat(ResponsesWriter.itemId("msg", "gen-1767225600-aB3dE5fG7hJ9kL1mN3pQ", 3))
                .isEqualTo("msg_1767225600_aB3dE5fG7hJ9kL1mN3pQ_3");
        assertThat(ResponsesWriter.itemId("fc", "gen-1767225600-aB3dE5fG7hJ9kL1mN3pQ", 3))
                .isNotEqualTo(ResponsesWriter.itemId("fc", "gen-1767225600-aB3dE5fG7hJ9kL1mN3pR", 3));
    }
}
