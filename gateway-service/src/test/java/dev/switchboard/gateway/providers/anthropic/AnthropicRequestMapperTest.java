package dev.switchboard.gateway.providers.anthropic;

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

class AnthropicRequestMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AnthropicAdapter adapter = new AnthropicAdapter();

    static ProviderTarget target(Integer maxOutput, Set<String> supported) {
        return new ProviderTarget("anthropic", "Anthropic", WireFormat.ANTHROPIC, "https://api.anthropic.com",
                "sk-ant-test", "claude-sonnet-4-5", supported, maxOutput);
    }

    static ProviderTarget target() {
        return target(null, Set.of());
    }

    static ChatRequest request(List<Message> messages, List<Tool> tools, ToolChoice choice, Sampling sampling,
                               Integer maxTokens, List<String> stop, ResponseFormat format, Reasoning reasoning,
                               boolean stream, String user, Boolean parallel, Map<String, Object> extensions) {
        return new ChatRequest("anthropic/claude-sonnet-4.5", messages, tools, choice, sampling, maxTokens, stop, format,
                reasoning, stream, user, parallel, extensions);
    }

    /** A request as routing hands it over for an endpoint without a maximum output: with the gateway's default maximum. */
    static ChatRequest simple(List<Message> messages) {
        return request(messages, null, null, null, 4096, null, null, null, false, null, null, null);
    }

    static Tool weatherTool() throws Exception {
        return new Tool("get_weather", "Get the current weather for a city", JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name\"}},"
                        + "\"required\":[\"city\"]}"), null);
    }

    private JsonNode body(PreparedCall call) {
        return json(call.body());
    }

    @Test
    void maps_system_conversation_and_sampling_to_the_messages_body() {
        ChatRequest request = request(List.of(
                        Message.of(Role.SYSTEM, "You are a helpful assistant."),
                        Message.of(Role.USER, "Hello"),
                        Message.of(Role.ASSISTANT, "Hi! How can I help?"),
                        Message.of(Role.USER, "What is the capital of France?")),
                null, null, new Sampling(0.7, 0.9, 40, null, null, null, null), 1024, List.of("\n\nHuman:"), null, null,
                false, "user-123", null, null);

        PreparedCall call = adapter.prepareChat(request, target());

        assertThat(body(call)).isEqualTo(json("anthropic/chat-basic.request.json"));
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/v1/messages");
        assertThat(call.headers()).containsEntry("x-api-key", "sk-ant-test")
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("content-type", "application/json");
        assertThat(call.stream()).isFalse();
        assertThat(call.droppedParameters()).isEmpty();
    }

    @Test
    void puts_tool_results_in_one_user_turn_and_merges_the_text_after_them() throws Exception {
        ChatRequest request = request(List.of(
                        Message.of(Role.USER, "What's the weather in Paris and London?"),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text(""),
                                new ContentPart.ToolUse("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"city\":\"Paris\"}"),
                                new ContentPart.ToolUse("toolu_01B19q90qw90lq917835lq8", "get_weather", "{\"city\": \"London\"}")),
                                null),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("toolu_01A09q90qw90lq917835lq9",
                                "get_weather", "18°C, sunny", false)), null),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("toolu_01B19q90qw90lq917835lq8", null,
                                "station offline", true)), null),
                        Message.of(Role.USER, "Thanks. And tomorrow?")),
                List.of(weatherTool()), ToolChoice.AUTO, null, null, null, null, null, true, null, false, null);

        PreparedCall call = adapter.prepareChat(request, target(8192, Set.of()));

        assertThat(body(call)).isEqualTo(json("anthropic/chat-tools.request.json"));
        assertThat(call.stream()).isTrue();
        assertThat(call.headers()).containsEntry("accept", "text/event-stream");
    }

    @Test
    void sends_data_url_images_as_base64_and_remote_ones_as_url_sources() {
        ChatRequest request = simple(List.of(new Message(Role.USER, List.of(
                new ContentPart.Text("What is in these images?"),
                new ContentPart.Image("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", null),
                new ContentPart.Image("https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg", "high")),
                null)));

        assertThat(body(adapter.prepareChat(request, target()))).isEqualTo(json("anthropic/chat-images.request.json"));
    }

    @Test
    void maps_a_reasoning_budget_to_extended_thinking() {
        ChatRequest request = request(List.of(Message.of(Role.USER,
                        "Are there an infinite number of prime numbers such that n mod 4 == 3?")),
                null, null, null, 16000, null, null, new Reasoning(null, 10000, null, null), false, null, null, null);

        assertThat(body(adapter.prepareChat(request, target()))).isEqualTo(json("anthropic/chat-thinking.request.json"));
    }

    @Test
    void uses_the_endpoint_max_output_when_the_request_sets_no_max_tokens_and_never_guesses_one() {
        ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), null, null, null, null, null, null, null, false, null, null, null);

        assertThat(body(adapter.prepareChat(request, target(64000, Set.of()))).get("max_tokens").asInt()).isEqualTo(64000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> adapter.prepareChat(request, target()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("routing must set it");
    }

    @Test
    void derives_the_thinking_budget_from_effort_within_anthropic_limits() {
        assertThat(AnthropicRequestMapper.thinking(new Reasoning("high", null, null, null), 10000).budgetTokens())
                .isEqualTo(8000);
        assertThat(AnthropicRequestMapper.thinking(new Reasoning("low", null, null, null), 2000).budgetTokens())
                .isEqualTo(1024);
        assertThat(AnthropicRequestMapper.thinking(new Reasoning(null, 50000, null, null), 8000).budgetTokens())
                .isEqualTo(7999);
        assertThat(AnthropicRequestMapper.thinking(new Reasoning(null, null, null, false), 8000)).isNull();
    }

    @Test
    void drops_and_lists_reasoning_when_max_tokens_leaves_no_room_for_thinking() {
        ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), null, null, null, 1000, null, null,
                new Reasoning("high", null, null, null), false, null, null, null);

        PreparedCall call = adapter.prepareChat(request, target());

        assertThat(body(call).has("thinking")).isFalse();
        assertThat(call.droppedParameters()).containsExactly("reasoning");
    }

    @Test
    void drops_sampling_that_anthropic_refuses_beside_thinking() {
        ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), null, null,
                new Sampling(0.7, 0.9, 40, null, null, null, null), 8000, null, null,
                new Reasoning(null, 2000, null, null), false, null, null, null);

        PreparedCall call = adapter.prepareChat(request, target());

        assertThat(call.droppedParameters()).containsExactlyInAnyOrder("temperature", "top_k", "top_p");
        assertThat(body(call).get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2000}".getBytes()));
        assertThat(body(call).has("temperature")).isFalse();
    }

    @Test
    void drops_thinking_rather_than_a_forced_tool_choice() throws Exception {
        ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), List.of(weatherTool()), ToolChoice.REQUIRED,
                null, 8000, null, null, new Reasoning("high", null, null, null), false, null, null, null);

        PreparedCall call = adapter.prepareChat(request, target());

        assertThat(call.droppedParameters()).containsExactly("reasoning");
        assertThat(body(call).has("thinking")).isFalse();
        assertThat(body(call).get("tool_choice").get("type").asText()).isEqualTo("any");
    }

    @Test
    void drops_and_lists_parameters_the_messages_api_cannot_express() throws Exception {
        ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), null, null,
                new Sampling(0.5, null, null, 0.1, 0.2, 1.1, 7L), 100, null,
                new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "answer", JSON.readTree("{\"type\":\"object\"}"), true),
                null, false, null, null, Map.of("logit_bias", Map.of("50256", -100)));

        PreparedCall call = adapter.prepareChat(request, target());

        assertThat(call.droppedParameters()).containsExactlyInAnyOrder("structured_outputs", "frequency_penalty",
                "presence_penalty", "repetition_penalty", "seed", "logit_bias");
        assertThat(body(call).get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body(call).has("seed")).isFalse();
    }

    @Test
    void drops_parameters_the_target_does_not_support_but_always_sends_max_tokens() {
        ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), null, null,
                new Sampling(0.5, 0.9, 40, null, null, null, null), 100, null, null, null, false, null, null, null);

        PreparedCall call = adapter.prepareChat(request, target(null, Set.of("temperature", "top_p")));

        assertThat(call.droppedParameters()).containsExactly("top_k");
        assertThat(body(call).has("top_k")).isFalse();
        assertThat(body(call).get("max_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void maps_each_tool_choice_mode() throws Exception {
        for (var expected : Map.of(ToolChoice.AUTO, "{\"type\":\"auto\"}", ToolChoice.REQUIRED, "{\"type\":\"any\"}",
                ToolChoice.NONE, "{\"type\":\"none\"}", ToolChoice.function("get_weather"),
                "{\"type\":\"tool\",\"name\":\"get_weather\"}").entrySet()) {
            ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), List.of(weatherTool()), expected.getKey(),
                    null, 4096, null, null, null, false, null, null, null);

            assertThat(body(adapter.prepareChat(request, target())).get("tool_choice"))
                    .isEqualTo(JSON.readTree(expected.getValue()));
        }
    }

    @Test
    void gives_a_tool_without_parameters_an_empty_object_schema() {
        ChatRequest request = request(List.of(Message.of(Role.USER, "Hi")), List.of(new Tool("now", null, null, null)),
                null, null, 4096, null, null, null, false, null, null, null);

        assertThat(body(adapter.prepareChat(request, target())).get("tools").get(0))
                .isEqualTo(json("{\"name\":\"now\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}".getBytes()));
    }

    @Test
    void refuses_tool_call_arguments_that_are_not_a_json_object() {
        ChatRequest request = simple(List.of(Message.of(Role.USER, "Hi"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.ToolUse("toolu_1", "f", "{not json")), null)));

        assertThatThrownBy(() -> adapter.prepareChat(request, target()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("toolu_1");
                });
    }

    @Test
    void maps_the_same_request_to_the_same_bytes_every_time() {
        ChatRequest request = simple(List.of(Message.of(Role.SYSTEM, "a"), Message.of(Role.USER, "b")));

        assertThat(adapter.prepareChat(request, target()).body()).isEqualTo(adapter.prepareChat(request, target()).body());
    }
}
