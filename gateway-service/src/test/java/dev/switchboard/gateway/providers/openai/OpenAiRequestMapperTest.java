package dev.switchboard.gateway.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.providers.ProviderFixtures;
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
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.providers.WireFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenAiRequestMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    @Test
    void maps_a_basic_request_to_the_openai_body() throws Exception {
        ChatRequest request = new ChatRequest("openai/gpt-4o-mini",
                List.of(Message.of(Role.SYSTEM, "You are terse."), Message.of(Role.USER, "Say hello.")),
                null, null, new Sampling(0.2, 0.9, null, null, null, null, null), 64, List.of("\n\n"), null, null,
                false, "user-42", null, null);

        PreparedCall call = adapter.prepareChat(request, target("gpt-4o-mini", OpenAiAdapter.SUPPORTED_PARAMETERS));

        assertBody(call, "chat-basic.request.json");
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/chat/completions");
        assertThat(call.stream()).isFalse();
        assertThat(call.droppedParameters()).isEmpty();
        assertThat(call.headers()).containsEntry("Authorization", "Bearer sk-test-key")
                .containsEntry("Content-Type", "application/json")
                .containsEntry("Accept", "application/json");
    }

    @Test
    void maps_tool_calls_tool_results_and_tools_and_asks_a_stream_for_usage() throws Exception {
        PreparedCall call = adapter.prepareChat(toolsRequest(), target("gpt-4o", OpenAiAdapter.SUPPORTED_PARAMETERS));

        assertBody(call, "chat-tools.request.json");
        assertThat(call.stream()).isTrue();
        assertThat(call.headers()).containsEntry("Accept", "text/event-stream");
        assertThat(call.droppedParameters()).isEmpty();
    }

    @Test
    void drops_and_lists_what_the_endpoint_does_not_support_and_what_needs_tools() throws Exception {
        PreparedCall call = adapter.prepareChat(toolsRequest(), target("llama3.2", Set.of("max_tokens", "tool_choice")));

        assertBody(call, "chat-tools-dropped.request.json");
        assertThat(call.droppedParameters()).containsExactly("tools", "tool_choice", "parallel_tool_calls");
    }

    @Test
    void maps_images_json_schema_reasoning_effort_and_pass_through_extensions() throws Exception {
        ChatRequest request = new ChatRequest("openai/gpt-4.1",
                List.of(new Message(Role.USER, List.of(
                        new ContentPart.Text("What animal is in these images?"),
                        new ContentPart.Image("https://example.com/cat.png", "high"),
                        new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", null)), null)),
                null, null, new Sampling(null, null, null, 0.5, -0.5, null, 7L), null, null,
                new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "animal", JSON.readTree("""
                        {"type":"object","properties":{"species":{"type":"string"}},"required":["species"],
                         "additionalProperties":false}"""), true),
                new Reasoning("low", null, null, null), false, null, null,
                Map.of("logit_bias", JSON.readTree("{\"50256\":-100}"), "logprobs", true, "top_logprobs", 3));

        PreparedCall call = adapter.prepareChat(request, target("gpt-4.1", OpenAiAdapter.SUPPORTED_PARAMETERS));

        assertBody(call, "chat-vision-structured.request.json");
        assertThat(call.droppedParameters()).isEmpty();
    }

    @Test
    void a_json_schema_request_to_an_endpoint_without_structured_outputs_drops_the_format() throws Exception {
        ChatRequest request = new ChatRequest("x", simple().messages(), null, null, null, null, null,
                new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "s", JSON.readTree("{}"), null), null, false, null,
                null, null);

        PreparedCall call = adapter.prepareChat(request, target("m", Set.of("response_format")));

        assertThat(body(call).has("response_format")).isFalse();
        assertThat(call.droppedParameters()).containsExactly("structured_outputs");
    }

    @Test
    void maps_json_object_mode_and_a_named_tool_choice() throws Exception {
        ChatRequest request = new ChatRequest("x", simple().messages(),
                List.of(new Tool("lookup", null, null, null)), ToolChoice.function("lookup"), null, null, null,
                new ResponseFormat(ResponseFormat.Type.JSON_OBJECT, null, null, null), null, false, null, null, null);

        JsonNode body = body(adapter.prepareChat(request, target("m", OpenAiAdapter.SUPPORTED_PARAMETERS)));

        assertThat(body.get("response_format")).isEqualTo(JSON.readTree("{\"type\":\"json_object\"}"));
        assertThat(body.get("tool_choice")).isEqualTo(JSON.readTree("{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}"));
        assertThat(body.get("tools").get(0)).isEqualTo(JSON.readTree("{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}"));
    }

    @Test
    void a_tool_choice_without_tools_is_dropped_and_listed() {
        ChatRequest request = new ChatRequest("x", simple().messages(), null, ToolChoice.AUTO, null, null, null, null, null,
                false, null, true, null);

        PreparedCall call = adapter.prepareChat(request, target("m", OpenAiAdapter.SUPPORTED_PARAMETERS));

        assertThat(call.droppedParameters()).containsExactly("tool_choice", "parallel_tool_calls");
        assertThat(new String(call.body())).doesNotContain("tool_choice", "parallel_tool_calls");
    }

    @Test
    void drops_unknown_extensions_and_lists_them() {
        ChatRequest request = new ChatRequest("x", simple().messages(), null, null, null, null, null, null, null, false,
                null, null, Map.of("anthropic_beta", "x"));

        PreparedCall call = adapter.prepareChat(request, target("m", Set.of("anthropic_beta")));

        assertThat(call.droppedParameters()).containsExactly("anthropic_beta");
        assertThat(new String(call.body())).doesNotContain("anthropic_beta");
    }

    @Test
    void tool_results_inside_a_user_message_become_tool_messages_before_its_text() throws Exception {
        ChatRequest request = new ChatRequest("x", List.of(new Message(Role.USER, List.of(
                new ContentPart.ToolResult("call_9", "lookup", "42", false),
                new ContentPart.Text("And now?")), null)), null, null, null, null, null, null, null, false, null, null, null);

        JsonNode messages = body(adapter.prepareChat(request, target("m", Set.of()))).get("messages");

        assertThat(messages).isEqualTo(JSON.readTree("""
                [{"role":"tool","content":"42","tool_call_id":"call_9"},{"role":"user","content":"And now?"}]"""));
    }

    @Test
    void sends_no_authorization_to_a_keyless_local_server() {
        ProviderTarget local = new ProviderTarget("ollama", "Ollama", WireFormat.OPENAI, "http://localhost:11434/v1", "",
                "llama3.2", Set.of());

        assertThat(adapter.prepareChat(simple(), local).headers()).doesNotContainKey("Authorization");
    }

    @Test
    void mapping_twice_gives_the_same_bytes() {
        ProviderTarget target = target("gpt-4o", OpenAiAdapter.SUPPORTED_PARAMETERS);

        assertThat(adapter.prepareChat(toolsRequest(), target).body())
                .isEqualTo(adapter.prepareChat(toolsRequest(), target).body());
    }

    @Test
    void prepares_embeddings_with_one_or_many_inputs() throws Exception {
        ProviderTarget target = target("text-embedding-3-small", Set.of());

        PreparedCall one = adapter.prepareEmbeddings(List.of("hello"), 256, "u1", target);
        PreparedCall many = adapter.prepareEmbeddings(List.of("a", "b"), null, null, target);

        assertThat(one.path()).isEqualTo("/embeddings");
        assertThat(one.headers()).containsEntry("Authorization", "Bearer sk-test-key");
        assertThat(body(one)).isEqualTo(JSON.readTree("""
                {"model":"text-embedding-3-small","input":"hello","dimensions":256,"user":"u1"}"""));
        assertThat(body(many)).isEqualTo(JSON.readTree("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}"));
    }

    static ChatRequest toolsRequest() {
        try {
            List<Message> messages = List.of(
                    Message.of(Role.SYSTEM, "Use the tools."),
                    Message.of(Role.USER, "What's the weather in Paris, and the time there?"),
                    new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Let me check."),
                            new ContentPart.ToolUse("call_1", "get_weather", "{\"location\":\"Paris\"}"),
                            new ContentPart.ToolUse("call_2", "get_time", "{\"tz\":\"Europe/Paris\"}")), null),
                    new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1", "get_weather", "18°C, cloudy", false)), null),
                    new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_2", null, "14:05", false)), null));
            List<Tool> tools = List.of(
                    new Tool("get_weather", "Current weather for a city", JSON.readTree("""
                            {"type":"object","properties":{"location":{"type":"string"}},"required":["location"],
                             "additionalProperties":false}"""), true),
                    new Tool("get_time", null, JSON.readTree("{\"type\":\"object\",\"properties\":{\"tz\":{\"type\":\"string\"}}}"), null));
            return new ChatRequest("openai/gpt-4o", messages, tools, ToolChoice.REQUIRED, null, 256, null, null, null, true,
                    null, true, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChatRequest simple() {
        return new ChatRequest("x", List.of(Message.of(Role.USER, "hi")), null, null, null, null, null, null, null, false,
                null, null, null);
    }

    static ProviderTarget target(String upstreamModel, Set<String> supported) {
        return new ProviderTarget("openai", "OpenAI", WireFormat.OPENAI, "https://api.openai.com/v1", "sk-test-key",
                upstreamModel, supported);
    }

    private static JsonNode body(PreparedCall call) throws Exception {
        return JSON.readTree(call.body());
    }

    private static void assertBody(PreparedCall call, String fixture) throws Exception {
        assertThat(body(call)).isEqualTo(JSON.readTree(ProviderFixtures.bytes("openai/" + fixture)));
    }
}
