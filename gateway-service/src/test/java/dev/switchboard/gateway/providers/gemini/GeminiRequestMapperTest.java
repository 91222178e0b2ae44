package dev.switchboard.gateway.providers.gemini;

import static dev.switchboard.gateway.providers.ProviderFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.providers.WireFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeminiRequestMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final GeminiAdapter adapter = new GeminiAdapter();

    private static ProviderTarget target(Set<String> supported) {
        return new ProviderTarget("google-ai-studio", "Google AI Studio", WireFormat.GEMINI,
                "https://generativelanguage.googleapis.com", "AIza-test", "gemini-2.5-flash", supported);
    }

    private static ProviderTarget target() {
        return target(Set.of());
    }

    private static ChatRequest request(List<Message> messages, List<Tool> tools, ToolChoice choice, Sampling sampling,
                                       Integer maxTokens, List<String> stop, ResponseFormat format, Reasoning reasoning,
                                       boolean stream, Boolean parallel, Map<String, Object> extensions) {
        return new ChatRequest("google/gemini-2.5-flash", messages, tools, choice, sampling, maxTokens, stop, format,
                reasoning, stream, null, parallel, extensions);
    }

    private static ChatRequest simple(List<Message> messages) {
        return request(messages, null, null, null, null, null, null, null, false, null, null);
    }

    private static JsonNode body(PreparedCall call) {
        return json(call.body());
    }

    @Test
    void maps_system_conversation_and_generation_config() {
        ChatRequest request = request(List.of(
                        Message.of(Role.SYSTEM, "You are a helpful assistant."),
                        Message.of(Role.USER, "Hello"),
                        Message.of(Role.ASSISTANT, "Hi! How can I help?"),
                        Message.of(Role.USER, "What is the capital of France?")),
                null, null, new Sampling(0.7, 0.9, 40, 0.2, 0.1, null, 42L), 1024, List.of("\n\nHuman:"), null, null,
                false, null, null);

        PreparedCall call = adapter.prepareChat(request, target());

        assertThat(body(call)).isEqualTo(json("gemini/chat-basic.request.json"));
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(call.headers()).containsEntry("x-goog-api-key", "AIza-test")
                .containsEntry("content-type", "application/json");
        assertThat(call.droppedParameters()).isEmpty();
    }

    @Test
    void maps_tool_calls_and_results_to_function_parts_naming_results_by_the_earlier_call() throws Exception {
        JsonNode parameters = JSON.readTree("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name\"},"
                + "\"unit\":{\"type\":[\"string\",\"null\"],\"enum\":[\"celsius\",\"fahrenheit\"]}},"
                + "\"required\":[\"city\"],\"additionalProperties\":false}");
        JsonNode before = parameters.deepCopy();
        ChatRequest request = request(List.of(
                        Message.of(Role.USER, "What's the weather in Paris and London?"),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text(""),
                                new ContentPart.ToolUse("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                                new ContentPart.ToolUse("call_b", "get_weather", "{\"city\":\"London\",\"unit\":\"celsius\"}")),
                                null),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_a", "get_weather", "18°C, sunny", false)),
                                null),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_b", null, "station offline", true)),
                                null),
                        Message.of(Role.USER, "Thanks. And tomorrow?")),
                List.of(new Tool("get_weather", "Get the current weather for a city", parameters, true)),
                ToolChoice.function("get_weather"), null, null, null, null, null, true, null, null);

        PreparedCall call = adapter.prepareChat(request, target());

        assertThat(body(call)).isEqualTo(json("gemini/chat-tools.request.json"));
        assertThat(call.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(call.stream()).isTrue();
        assertThat(parameters).isEqualTo(before);
    }

    @Test
    void puts_each_thought_signature_back_on_its_part_and_sends_no_other_reasoning() {
        ChatRequest request = simple(List.of(
                Message.of(Role.USER, "Weather in Paris and London?"),
                new Message(Role.ASSISTANT, List.of(
                        ContentPart.Thinking.text("a summary, never sent back"),
                        new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, "Anthropic's", "EqQB", null, null),
                        new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, "sig-call-b", null, "call_b"),
                        new ContentPart.ToolUse("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                        new ContentPart.ToolUse("call_b", "get_weather", "{\"city\":\"London\"}")), null),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_a", "get_weather", "18", false)), null),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_b", "get_weather", "12", false)), null),
                new Message(Role.ASSISTANT, List.of(
                        new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, "sig-text", null, null),
                        new ContentPart.Text("Paris is warmer.")), null),
                new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Anything else?"),
                        new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, "sig-last", null, null)), null),
                Message.of(Role.USER, "No.")));

        JsonNode contents = body(adapter.prepareChat(request, target())).get("contents");

        JsonNode calls = contents.get(1).get("parts");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).has("thoughtSignature")).isFalse();
        assertThat(calls.get(1).get("thoughtSignature").asText()).isEqualTo("sig-call-b");
        // the two assistant turns in a row are one model turn; a signature after its text goes onto that text
        JsonNode texts = contents.get(3).get("parts");
        assertThat(texts.get(0).get("thoughtSignature").asText()).isEqualTo("sig-text");
        assertThat(texts.get(1).get("thoughtSignature").asText()).isEqualTo("sig-last");
        assertThat(contents.toString()).doesNotContain("summary").doesNotContain("Anthropic's").doesNotContain("EqQB");
    }

    @Test
    void sends_data_urls_inline_and_remote_images_as_file_data() {
        ChatRequest request = simple(List.of(new Message(Role.USER, List.of(
                new ContentPart.Text("What is in these images?"),
                new ContentPart.Image("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", null),
                new ContentPart.Image("https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg", null),
                new ContentPart.Image("https://example.com/render?id=42", null)), null)));

        assertThat(body(adapter.prepareChat(request, target()))).isEqualTo(json("gemini/chat-images.request.json"));
    }

    @Test
    void maps_a_json_schema_to_a_sanitised_response_schema_and_effort_to_a_thinking_budget() throws Exception {
        JsonNode schema = JSON.readTree("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"strict\":{\"type\":\"boolean\",\"description\":\"a property named like a keyword stays\"},"
                + "\"homepage\":{\"type\":\"string\",\"format\":\"uri\"},"
                + "\"born\":{\"type\":\"string\",\"format\":\"date-time\"},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"examples\":[[\"a\"]]}},"
                + "\"required\":[\"name\",\"strict\"],\"additionalProperties\":false}");
        ChatRequest request = request(List.of(Message.of(Role.USER, "Give me a famous person as JSON.")), null, null,
                null, null, null, new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "person", schema, true),
                new Reasoning("high", null, null, null), false, null, null);

        assertThat(body(adapter.prepareChat(request, target()))).isEqualTo(json("gemini/chat-json-schema.request.json"));
    }

    @Test
    void asks_for_json_without_a_schema_in_json_object_mode() {
        ChatRequest request = request(List.of(Message.of(Role.USER, "JSON please")), null, null, null, null, null,
                new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null), null, false, null, null);

        assertThat(body(adapter.prepareChat(request, target())).get("generationConfig"))
                .isEqualTo(json("{\"responseMimeType\":\"application/json\"}".getBytes()));
    }

    @Test
    void maps_reasoning_to_thinking_budgets() {
        assertThat(GeminiRequestMapper.thinking(new Reasoning(null, 2048, null, null)).thinkingBudget()).isEqualTo(2048);
        assertThat(GeminiRequestMapper.thinking(new Reasoning("low", null, null, null)).thinkingBudget()).isEqualTo(1024);
        assertThat(GeminiRequestMapper.thinking(new Reasoning(null, null, null, true)).thinkingBudget()).isEqualTo(-1);
        assertThat(GeminiRequestMapper.thinking(new Reasoning(null, null, null, false)).thinkingBudget()).isZero();
        assertThat(GeminiRequestMapper.thinking(new Reasoning("medium", null, true, null)).includeThoughts()).isNull();
    }

    @Test
    void maps_each_tool_choice_mode() throws Exception {
        Tool tool = new Tool("get_weather", null, JSON.readTree("{\"type\":\"object\"}"), null);
        for (var expected : Map.of(ToolChoice.AUTO, "{\"mode\":\"AUTO\"}", ToolChoice.NONE, "{\"mode\":\"NONE\"}",
                ToolChoice.REQUIRED, "{\"mode\":\"ANY\"}").entrySet()) {
            ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), List.of(tool), expected.getKey(), null,
                    null, null, null, null, false, null, null);

            assertThat(body(adapter.prepareChat(request, target())).at("/toolConfig/functionCallingConfig"))
                    .isEqualTo(JSON.readTree(expected.getValue()));
        }
    }

    @Test
    void drops_and_lists_what_gemini_cannot_express_or_the_target_does_not_support() {
        ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), null, null,
                new Sampling(0.5, 0.9, null, null, null, 1.1, null), null, null, null, null, false, false,
                Map.of("logit_bias", Map.of("1", 2)));

        PreparedCall call = adapter.prepareChat(request, target(Set.of("temperature", "parallel_tool_calls")));

        assertThat(call.droppedParameters()).containsExactlyInAnyOrder("top_p", "repetition_penalty",
                "parallel_tool_calls", "logit_bias");
        assertThat(body(call).get("generationConfig")).isEqualTo(json("{\"temperature\":0.5}".getBytes()));
    }

    @Test
    void refuses_a_tool_result_it_cannot_name() {
        ChatRequest request = simple(List.of(Message.of(Role.USER, "Hi"),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_unknown", null, "42", false)), null)));

        assertThatThrownBy(() -> adapter.prepareChat(request, target()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("call_unknown");
                });
    }

    @Test
    void leaves_out_the_generation_config_when_nothing_is_set() {
        assertThat(body(adapter.prepareChat(simple(List.of(Message.of(Role.USER, "Hi"))), target())).has("generationConfig"))
                .isFalse();
    }
}
