package dev.switchboard.gateway.api.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Reasoning;
import dev.switchboard.gateway.canonical.ResponseFormat;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Sampling;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.routing.ProviderPreferences;
import dev.switchboard.gateway.wire.openai.responses.FunctionTool;
import dev.switchboard.gateway.wire.openai.responses.ReasoningConfig;
import dev.switchboard.gateway.wire.openai.responses.TextConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesRequestReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResponsesRequestReader reader = new ResponsesRequestReader();

    private ResponsesRequest read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reads_a_full_request_into_the_canonical_model_the_routing_options_and_the_echo() throws Exception {
        ContentPart.Thinking signed = new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, "Call the tool.", "EqQB", null, null);
        ResponsesRequest request = read("""
                {
                  "model": "openai/gpt-5",
                  "models": ["anthropic/claude-sonnet-4.5"],
                  "provider": {"order": ["openai"]},
                  "instructions": "You are terse.",
                  "input": [
                    {"role": "developer", "content": "Use metric units."},
                    {"role": "user", "content": [
                      {"type": "input_text", "text": "Weather in Paris? See the map."},
                      {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"},
                      {"type": "input_image", "image_url": "https://example.com/map.jpg"}
                    ]},
                    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Call the tool."}],
                     "encrypted_content": "%s"},
                    {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                     "content": [{"type": "output_text", "text": "Checking.", "annotations": [], "logprobs": []}]},
                    {"type": "function_call", "id": "fc_1", "status": "completed", "call_id": "call_1", "name": "get_weather",
                     "arguments": "{\\"city\\":\\"Paris\\"}"},
                    {"type": "function_call", "call_id": "call_2", "name": "get_time", "arguments": ""},
                    {"type": "function_call_output", "call_id": "call_1", "output": "18°C"},
                    {"type": "function_call_output", "call_id": "call_2",
                     "output": [{"type": "input_text", "text": "14:00"}, {"type": "input_text", "text": " CET"}]},
                    {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "And tomorrow?"}]}
                  ],
                  "tools": [
                    {"type": "function", "name": "get_weather", "description": "Current weather",
                     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "strict": true},
                    {"type": "function", "name": "get_time", "parameters": null, "strict": false}
                  ],
                  "tool_choice": {"type": "function", "name": "get_weather"},
                  "parallel_tool_calls": false,
                  "reasoning": {"effort": "high", "summary": "auto"},
                  "text": {"format": {"type": "json_schema", "name": "weather", "schema": {"type": "object"}, "strict": true}},
                  "temperature": 0.5,
                  "top_p": 0.9,
                  "max_output_tokens": 1024,
                  "user": "u-42",
                  "stream": true,
                  "store": false,
                  "background": false,
                  "include": ["reasoning.encrypted_content"]
                }
                """.formatted(ResponsesReasoning.seal(List.of(signed))));

        ChatRequest chat = request.chat();
        assertThat(chat).isEqualTo(new ChatRequest("openai/gpt-5",
                List.of(Message.of(Role.SYSTEM, "You are terse."),
                        Message.of(Role.SYSTEM, "Use metric units."),
                        new Message(Role.USER, List.of(new ContentPart.Text("Weather in Paris? See the map."),
                                new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", "low"),
                                new ContentPart.Image("https://example.com/map.jpg", null)), null),
                        new Message(Role.ASSISTANT, List.of(signed, new ContentPart.Text("Checking."),
                                new ContentPart.ToolUse("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                                new ContentPart.ToolUse("call_2", "get_time", "{}")), null),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1", "get_weather", "18°C", false)), null),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_2", "get_time", "14:00 CET", false)), null),
                        Message.of(Role.USER, "And tomorrow?")),
                List.of(new Tool("get_weather", "Current weather",
                                JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"), true),
                        new Tool("get_time", null, null, false)),
                ToolChoice.function("get_weather"), new Sampling(0.5, 0.9, null, null, null, null, null), 1024, List.of(),
                new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "weather", JSON.readTree("{\"type\":\"object\"}"), true),
                new Reasoning("high", null, null, null), true, "u-42", false, null));
        assertThat(request.routing().models()).containsExactly("anthropic/claude-sonnet-4.5");
        assertThat(request.routing().provider().order()).containsExactly("openai");

        ResponseSettings echo = request.settings();
        assertThat(echo.instructions()).isEqualTo("You are terse.");
        assertThat(echo.tools()).containsExactly(
                new FunctionTool("get_weather", "Current weather",
                        JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"), true),
                new FunctionTool("get_time", null, null, false));
        assertThat(echo.toolChoice()).isEqualTo(JSON.readTree("{\"type\":\"function\",\"name\":\"get_weather\"}"));
        assertThat(echo.parallelToolCalls()).isFalse();
        assertThat(echo.reasoning()).isEqualTo(new ReasoningConfig("high", "auto"));
        assertThat(echo.text()).isEqualTo(new TextConfig(new TextConfig.Format("json_schema", "weather",
                JSON.readTree("{\"type\":\"object\"}"), true)));
        assertThat(echo.temperature()).isEqualTo(0.5);
        assertThat(echo.topP()).isEqualTo(0.9);
        assertThat(echo.maxOutputTokens()).isEqualTo(1024);
        assertThat(echo.user()).isEqualTo("u-42");
    }

    @Test
    void a_string_input_is_one_user_message_and_the_echo_has_openais_defaults() {
        ResponsesRequest request = read("{\"model\": \"m\", \"input\": \"Say hello\"}");
        assertThat(request.chat().messages()).containsExactly(Message.of(Role.USER, "Say hello"));
        assertThat(request.chat().stream()).isFalse();
        assertThat(request.chat().tools()).isEmpty();
        assertThat(request.chat().toolChoice()).isNull();
        assertThat(request.chat().parallelToolCalls()).isNull();
        assertThat(request.chat().reasoning()).isNull();
        assertThat(request.chat().responseFormat()).isNull();
        assertThat(request.chat().maxTokens()).isNull();
        assertThat(request.routing().models()).isEmpty();
        assertThat(request.routing().provider()).isEqualTo(ProviderPreferences.NONE);
        assertThat(request.settings()).isEqualTo(ResponseSettings.DEFAULTS);
    }

    @Test
    void reads_string_contents_of_every_role_and_openrouters_reasoning_fields() {
        ResponsesRequest request = read("""
                {"model": "m", "instructions": "",
                 "input": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"},
                           {"role": "assistant", "content": "A"},
                           {"role": "assistant", "content": [{"type": "input_text", "text": "B"}]},
                           {"type": "function_call_output", "call_id": "unknown", "output": "r"}],
                 "reasoning": {"max_tokens": 2048, "exclude": true, "enabled": true},
                 "text": {"format": {"type": "json_object"}}, "tool_choice": "none", "metadata": null}""");
        assertThat(request.chat().messages()).containsExactly(Message.of(Role.SYSTEM, "S"), Message.of(Role.USER, "U"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.Text("A"), new ContentPart.Text("B")), null),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("unknown", null, "r", false)), null));
        assertThat(request.chat().reasoning()).isEqualTo(new Reasoning(null, 2048, true, true));
        assertThat(request.chat().responseFormat().type()).isEqualTo(ResponseFormat.Type.JSON_OBJECT);
        assertThat(request.chat().toolChoice()).as("none without tools means nothing").isNull();
        assertThat(request.settings().toolChoice().asText()).isEqualTo("none");
        assertThat(request.settings().instructions()).isEmpty();
        assertThat(request.settings().text()).isEqualTo(new TextConfig(new TextConfig.Format("json_object", null, null, null)));
    }

    @Test
    void takes_codexs_prompt_cache_key_and_the_safety_identifier_as_the_user() {
        ChatRequest chat = read("""
                {"model": "m", "input": "hi", "prompt_cache_key": "conv-1", "safety_identifier": "u-9"}""").chat();
        assertThat(chat.user()).isEqualTo("u-9");
        assertThat(chat.parametersUsed()).doesNotContain("prompt_cache_key");
        assertThat(read("""
                {"model": "m", "input": "hi", "user": "u-1", "safety_identifier": "u-9"}""").chat().user()).isEqualTo("u-1");
        assertThatThrownBy(() -> read("{\"model\": \"m\", \"input\": \"hi\", \"prompt_cache_key\": 5}"))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("prompt_cache_key: ");
    }

    @Test
    void reasoning_input_items_go_through_the_one_decode_method() {
        ResponsesRequest request = read("""
                {"model": "m", "input": [{"role": "user", "content": "Hi"},
                  {"type": "reasoning", "id": "rs_1", "summary": []}, {"role": "user", "content": "Again"}]}""");
        assertThat(request.chat().messages()).containsExactly(Message.of(Role.USER, "Hi"), Message.of(Role.USER, "Again"));
        // a summary alone is unsigned reasoning; encrypted content not ours is refused, damaged content too
        assertThat(read("""
                {"model": "m", "input": [{"role": "user", "content": "Hi"},
                  {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Think."}]}]}""").chat().messages())
                .containsExactly(Message.of(Role.USER, "Hi"), new Message(Role.ASSISTANT, List.of(ContentPart.Thinking.text("Think.")), null));
        for (String foreign : List.of("gAAAAB", "sb1.!!!", "sb1.e30")) {
            assertThatThrownBy(() -> read("""
                    {"model": "m", "input": [{"role": "user", "content": "Hi"},
                      {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "%s"}]}""".formatted(foreign)))
                    .isInstanceOf(ApiException.class).hasMessageContaining("input[1].encrypted_content");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            model                         | is required                                       | {"input": "hi"}
            model                         | must not be empty                                 | {"model": " ", "input": "hi"}
            model                         | must be a string                                  | {"model": 5, "input": "hi"}
            body                          | must be a JSON object                             | []
            input                         | is required                                       | {"model": "m"}
            input                         | must be a string or an array of input items       | {"model": "m", "input": 5}
            input                         | must not be empty                                 | {"model": "m", "input": []}
            previous_response_id          | responses are not stored by this gateway; send the whole conversation in input | "previous_response_id": "resp_1"
            store                         | responses are not stored by this gateway          | "store": true
            background                    | background responses are not supported            | "background": true
            conversation                  | responses are not stored by this gateway          | "conversation": "conv_1"
            prompt                        | stored prompts are not supported                  | "prompt": {"id": "pmpt_1"}
            metadata                      | is not supported: responses are not stored       | "metadata": {"k": "v"}
            truncation                    | is not supported by /responses on this gateway    | "truncation": "auto"
            service_tier                  | is not supported by /responses on this gateway    | "service_tier": "flex"
            include[1]                    | only reasoning.encrypted_content is supported     | "include": ["reasoning.encrypted_content", "file_search_call.results"]
            tools[0].type                 | 'web_search' tools are not supported (built-in tools run on OpenAI's servers) | "tools": [{"type": "web_search"}]
            tools[0].type                 | 'file_search' tools are not supported             | "tools": [{"type": "file_search", "vector_store_ids": ["vs_1"]}]
            tools[1].type                 | 'computer_use_preview' tools are not supported    | "tools": [{"type": "function", "name": "f"}, {"type": "computer_use_preview"}]
            tools[0].type                 | 'code_interpreter' tools are not supported        | "tools": [{"type": "code_interpreter"}]
            tools[0].type                 | is required                                       | "tools": [{"name": "f"}]
            tools[0].name                 | is required                                       | "tools": [{"type": "function"}]
            tools[0].defer_loading        | is not supported; the supported fields are description, name, parameters, strict, type | "tools": [{"type": "function", "name": "f", "defer_loading": true}]
            tools[0].parameters           | must be an object                                 | "tools": [{"type": "function", "name": "f", "parameters": "x"}]
            tool_choice                   | must be auto, none, required                      | "tool_choice": "maybe"
            tool_choice.type              | 'web_search_preview' is not supported             | "tools": [{"type": "function", "name": "f"}], "tool_choice": {"type": "web_search_preview"}
            tool_choice.name              | must name one of the tools                        | "tools": [{"type": "function", "name": "f"}], "tool_choice": {"type": "function", "name": "g"}
            tool_choice                   | is required but no tools are given                | "tool_choice": "required"
            parallel_tool_calls           | must be a boolean                                 | "parallel_tool_calls": "yes"
            reasoning.effort              | must be one of none, minimal, low, medium, high, xhigh | "reasoning": {"effort": "max"}
            reasoning.summary             | must be one of auto, concise, detailed            | "reasoning": {"summary": "long"}
            reasoning.generate_summary    | is not supported                                  | "reasoning": {"generate_summary": "auto"}
            reasoning.max_tokens          | must be a positive integer                        | "reasoning": {"max_tokens": 0}
            text.verbosity                | is not supported; the supported fields are format | "text": {"verbosity": "low"}
            text.format.type              | must be one of text, json_object, json_schema     | "text": {"format": {"type": "xml"}}
            text.format.type              | is required                                       | "text": {"format": {}}
            text.format.schema            | is required when type is json_schema              | "text": {"format": {"type": "json_schema", "name": "n"}}
            text.format.name              | is required                                       | "text": {"format": {"type": "json_schema", "schema": {}}}
            text.format.description       | is not supported                                  | "text": {"format": {"type": "json_schema", "name": "n", "schema": {}, "description": "d"}}
            max_output_tokens             | must be a positive integer                        | "max_output_tokens": 0
            temperature                   | must be between 0 and 2                           | "temperature": 3
            top_p                         | must be between 0 and 1                           | "top_p": -1
            user                          | must not contain control characters (U+0000 at character 2) | "user": "a\\u0000"
            stream                        | must be a boolean                                 | "stream": "yes"
            instructions                  | must be a string                                  | "instructions": ["be brief"]
            provider.fast                 | is not supported by this gateway                  | "provider": {"fast": true}
            models[0]                     | must be a non-empty string                        | "models": [""]
            `input[1].type`               | 'item_reference' items are not supported; expected one of message, function_call, function_call_output, reasoning | "input": [{"role": "user", "content": "x"}, {"type": "item_reference", "id": "msg_1"}]
            input[0].type                 | 'web_search_call' items are not supported         | "input": [{"type": "web_search_call", "id": "ws_1"}]
            input[0].type                 | is required unless the item is a message with a role | "input": [{"content": "x"}]
            input[0]                      | must be an object                                 | "input": ["hi"]
            input[0].role                 | must be one of user, assistant, system, developer | "input": [{"role": "tool", "content": "x"}]
            input[0].role                 | is required                                       | "input": [{"type": "message", "content": "x"}]
            input[0].content              | is required                                       | "input": [{"role": "user"}]
            input[0].content              | must be a string or an array of content parts     | "input": [{"role": "user", "content": 5}]
            input[0].content[0].type      | must be one of input_text, input_image in a user message (input_file is not supported) | "input": [{"role": "user", "content": [{"type": "input_file", "file_id": "file_1"}]}]
            input[0].content[0].type      | must be one of input_text, input_image in a user message (output_text is not supported) | "input": [{"role": "user", "content": [{"type": "output_text", "text": "x"}]}]
            input[0].content[0].type      | must be one of input_text in a developer message (input_image is not supported) | "input": [{"role": "developer", "content": [{"type": "input_image", "image_url": "https://x"}]}]
            input[0].content[0].type      | must be one of output_text, input_text in an assistant message (refusal is not supported) | "input": [{"role": "assistant", "content": [{"type": "refusal", "refusal": "no"}]}]
            input[0].content[0].text      | is required                                       | "input": [{"role": "user", "content": [{"type": "input_text"}]}]
            input[0].content[0].file_id   | uploaded files are not supported                  | "input": [{"role": "user", "content": [{"type": "input_image", "file_id": "file_1"}]}]
            input[0].content[0].image_url | is required                                       | "input": [{"role": "user", "content": [{"type": "input_image", "detail": "auto"}]}]
            input[0].content[0].image_url | must be an http(s) URL or a base64 data URL       | "input": [{"role": "user", "content": [{"type": "input_image", "image_url": "file:///etc/passwd"}]}]
            input[0].content[0].detail    | must be one of auto, low, high                    | "input": [{"role": "user", "content": [{"type": "input_image", "image_url": "https://x", "detail": "max"}]}]
            input[0].call_id              | is required                                       | "input": [{"type": "function_call", "name": "f", "arguments": "{}"}]
            input[0].name                 | is required                                       | "input": [{"type": "function_call", "call_id": "c", "arguments": "{}"}]
            input[0].arguments            | is required (a string of JSON)                    | "input": [{"type": "function_call", "call_id": "c", "name": "f"}]
            input[0].arguments            | must be a string                                  | "input": [{"type": "function_call", "call_id": "c", "name": "f", "arguments": {}}]
            input[0].call_id              | is required                                       | "input": [{"type": "function_call_output", "output": "x"}]
            input[0].output               | is required                                       | "input": [{"type": "function_call_output", "call_id": "c"}]
            input[0].output               | must be a string or an array of input_text parts  | "input": [{"type": "function_call_output", "call_id": "c", "output": 5}]
            input[0].output[0].type       | must be input_text: only text tool output is supported (input_image is not) | "input": [{"type": "function_call_output", "call_id": "c", "output": [{"type": "input_image", "image_url": "https://x"}]}]
            """)
    void refuses_with_a_400_naming_the_field(String field, String problem, String fragment) {
        String body = fragment.startsWith("{") || fragment.startsWith("[") ? fragment
                : "{\"model\": \"m\", \"input\": \"hi\", " + fragment + "}";
        if (fragment.startsWith("\"input\"")) {
            body = "{\"model\": \"m\", " + fragment + "}";
        }
        String json = body;
        assertThatThrownBy(() -> read(json))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.code().status()).isEqualTo(400);
                    assertThat(e.metadata()).containsEntry("field", field);
                    assertThat(e.getMessage()).startsWith(field + ": " + problem);
                });
    }
}
