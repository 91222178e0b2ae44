package dev.switchboard.gateway.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Reasoning;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Sampling;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicMessagesReaderTest {

    private final AnthropicMessagesReader reader = new AnthropicMessagesReader();

    private ChatRequest read(String body) {
        return reader.read(body.getBytes());
    }

    @Test
    void reads_a_full_request_into_the_canonical_model() throws Exception {
        ChatRequest request = read("""
                {
                  "model": "anthropic/claude-sonnet-4.5",
                  "max_tokens": 1024,
                  "system": "You are terse.",
                  "messages": [
                    {"role": "user", "content": [
                      {"type": "text", "text": "Weather in Paris? See the map."},
                      {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                      {"type": "image", "source": {"type": "url", "url": "https://example.com/map.jpg"}}
                    ]},
                    {"role": "assistant", "content": [
                      {"type": "thinking", "thinking": "I should call the tool.", "signature": "EqQBCgIYAhIM"},
                      {"type": "text", "text": "Checking."},
                      {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}}
                    ]},
                    {"role": "user", "content": [
                      {"type": "tool_result", "tool_use_id": "toolu_01", "content": [{"type": "text", "text": "18°C"}]},
                      {"type": "text", "text": "And tomorrow?", "cache_control": {"type": "ephemeral"}}
                    ]}
                  ],
                  "tools": [{"name": "get_weather", "description": "Current weather",
                             "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
                  "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
                  "thinking": {"type": "enabled", "budget_tokens": 2048},
                  "stop_sequences": ["END"],
                  "temperature": 0.5,
                  "top_p": 0.9,
                  "top_k": 20,
                  "metadata": {"user_id": "u-42"},
                  "stream": true,
                  "provider": {"order": ["anthropic"]}
                }
                """);

        assertThat(request).isEqualTo(new ChatRequest("anthropic/claude-sonnet-4.5",
                List.of(Message.of(Role.SYSTEM, "You are terse."),
                        new Message(Role.USER, List.of(new ContentPart.Text("Weather in Paris? See the map."),
                                new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", null),
                                new ContentPart.Image("https://example.com/map.jpg", null)), null),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC,
                                        "I should call the tool.", "EqQBCgIYAhIM", null, null), new ContentPart.Text("Checking."),
                                new ContentPart.ToolUse("toolu_01", "get_weather", "{\"city\":\"Paris\"}")), null),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("toolu_01", "get_weather", "18°C", false)),
                                null),
                        new Message(Role.USER, List.of(new ContentPart.Text("And tomorrow?"), new ContentPart.CacheBreakpoint(null)), null)),
                List.of(new Tool("get_weather", "Current weather", new ObjectMapper().readTree(
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"), null)),
                ToolChoice.REQUIRED, new Sampling(0.5, 0.9, 20, null, null, null, null), 1024, List.of("END"), null,
                new Reasoning(null, 2048, null, true), true, "u-42", false, null));
    }

    @Test
    void reads_string_content_system_blocks_and_each_tool_result_as_its_own_tool_message() {
        ChatRequest request = read("""
                {"model": "m", "max_tokens": 10,
                 "system": [{"type": "text", "text": "Be kind."}, {"type": "text", "text": "Be brief."}],
                 "messages": [
                   {"role": "user", "content": "Hi"},
                   {"role": "user", "content": [
                     {"type": "tool_result", "tool_use_id": "a", "content": "1"},
                     {"type": "tool_result", "tool_use_id": "b", "is_error": true}
                   ]}
                 ]}
                """);

        assertThat(request.messages()).containsExactly(
                new Message(Role.SYSTEM, List.of(new ContentPart.Text("Be kind."), new ContentPart.Text("Be brief.")), null),
                Message.of(Role.USER, "Hi"),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("a", null, "1", false)), null),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("b", null, "", true)), null));
        assertThat(request.stream()).isFalse();
        assertThat(request.reasoning()).isNull();
        assertThat(request.parallelToolCalls()).isNull();
    }

    @Test
    void reads_disabled_thinking_and_the_tool_choices() {
        assertThat(read("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"thinking\":{\"type\":\"disabled\"},\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\"}}"))
                .satisfies(r -> {
                    assertThat(r.reasoning()).isEqualTo(new Reasoning(null, null, null, false));
                    assertThat(r.toolChoice()).isEqualTo(ToolChoice.function("f"));
                });
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {not json                                                                                     | body
            []                                                                                            | body
            {"max_tokens":1,"messages":[{"role":"user","content":"x"}]}                                   | model
            {"model":42,"max_tokens":1,"messages":[{"role":"user","content":"x"}]}                        | model
            {"model":" ","max_tokens":1,"messages":[{"role":"user","content":"x"}]}                       | model
            {"model":"m","messages":[{"role":"user","content":"x"}]}                                      | max_tokens
            {"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]}                       | max_tokens
            {"model":"m","max_tokens":"100","messages":[{"role":"user","content":"x"}]}                   | max_tokens
            {"model":"m","max_tokens":1.5,"messages":[{"role":"user","content":"x"}]}                     | max_tokens
            {"model":"m","max_tokens":1}                                                                  | messages
            {"model":"m","max_tokens":1,"messages":[]}                                                    | messages
            {"model":"m","max_tokens":1,"messages":[{"role":"system","content":"x"}]}                     | messages[0].role
            {"model":"m","max_tokens":1,"messages":[{"content":"x"}]}                                     | messages[0].role
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":5}]}                         | messages[0].content
            {"model":"m","max_tokens":1,"messages":[{"role":"user"}]}                                     | messages[0].content
            {"model":"m","max_tokens":1,"messages":["hi"]}                                                | messages[0]
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"document"}]}]}     | messages[0].content[0].type
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_use","id":"a","name":"f","input":{}}]}]} | messages[0].content[0].type
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text"}]}]}         | messages[0].content[0].text
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file"}}]}]} | messages[0].content[0].source.type
            {"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":"x"}]}]} | messages[0].content[0].input
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":[{"type":"image"}]}]}]} | messages[0].content[0].content[0].type
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"temperature":"hot"}    | temperature
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"top_k":0.5}           | top_k
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"stream":"yes"}        | stream
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"system":5}            | system
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"f"}]} | tools[0].input_schema
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]} | tools[0].type
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"required"}} | tool_choice.type
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"tool"}} | tool_choice.name
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"thinking":{"type":"enabled"}} | thinking.budget_tokens
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"stop_sequences":[1]}  | stop_sequences[0]
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"metadata":{"user_id":7}} | metadata.user_id
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"metadata":{"user_id":"a\\u0000"}} | metadata.user_id
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"metadata":{"user_id":"\\udfff"}} | metadata.user_id
            {"model":"m\\u0007","max_tokens":1,"messages":[{"role":"user","content":"x"}]}                 | model
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"mcp_servers":[{"type":"url"}]} | mcp_servers
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"container":"c_1"}      | container
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"cache_control":{"type":"ephemeral"}} | cache_control
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"ephemeral","ttl":"1d"}}]}]} | messages[0].content[0].cache_control.ttl
            {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"t","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral","x":1}}]} | tools[0].cache_control.x
            """)
    void rejects_an_invalid_request_naming_the_field(String body, String field) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.metadata()).containsEntry("field", field);
            assertThat(e.getMessage()).startsWith(field + ": ");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // the same ranges, and the same messages, as /chat/completions
            "\"temperature\":-50 | temperature: must be between 0 and 2",
            "\"temperature\":2.1 | temperature: must be between 0 and 2",
            "\"top_p\":7         | top_p: must be between 0 and 1",
            "\"top_p\":-0.1      | top_p: must be between 0 and 1",
            "\"top_k\":-3        | top_k: must be an integer between 0 and 2147483647",
            "\"top_k\":1e12      | top_k: must be an integer"})
    void checks_the_sampling_ranges_like_chat_completions(String field, String message) {
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + field + "}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).startsWith(message);
                });
        assertThat(read("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"temperature\":2,\"top_p\":0,\"top_k\":0}").sampling()).isEqualTo(new Sampling(2.0, 0.0, 0, null, null, null, null));
    }

    @Test
    void parses_the_body_as_chat_completions_does() {
        String valid = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertThatThrownBy(() -> read(valid + " garbage")).hasMessage("body: has content after the JSON value");
        assertThatThrownBy(() -> read(valid + "}")).hasMessage("body: has content after the JSON value");
        assertThatThrownBy(() -> read("{\"model\":\"m\",x}")).hasMessage(
                "body: is not valid JSON at line 1, column 14: unexpected character 'x'; expected a field name in double quotes");
    }

    @Test
    void refuses_a_user_id_or_model_the_gateway_could_not_store() {
        String valid = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertThatThrownBy(() -> read(valid.replace("\"x\"}]}", "\"x\"}],\"metadata\":{\"user_id\":\"" + "u".repeat(257) + "\"}}")))
                .hasMessage("metadata.user_id: must be at most 256 characters (it has 257)");
        assertThatThrownBy(() -> read(valid.replace("\"m\"", "\"" + "m".repeat(201) + "\"")))
                .hasMessage("model: must be at most 200 characters (it has 201)");
        assertThat(read(valid.replace("\"x\"}]}", "\"x\"}],\"metadata\":{\"user_id\":\"" + "u".repeat(256) + "\"}}")).user()).hasSize(256);
    }

    @Test
    void says_which_block_types_are_allowed_in_the_message() {
        assertThatThrownBy(() -> read("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"document\"}]}]}"))
                .hasMessage("messages[0].content[0].type: unknown block type 'document'; "
                        + "expected one of text, image, tool_result");
    }
}
