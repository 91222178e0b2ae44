package dev.switchboard.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.SseClient;
import dev.switchboard.testkit.providers.FakeFormat;
import dev.switchboard.testkit.providers.RecordedRequest;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A conversation of three turns with tool calls, through each upstream format and in both public formats, whole
 * and streamed: turn 1 calls a tool, turn 2 answers from its result, turn 3 (a new user question) calls it again.
 * Every tool call id is unique across the conversation, and the reasoning each provider signed goes back to it
 * on every later turn exactly as it was given: asserted on what the fake received, which also refuses (as Anthropic
 * and Gemini do) a bad signature or a tool-calling turn sent back without its reasoning.
 */
@QuarkusTest
class ToolConversationTest extends GatewayTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = """
            [{"type": "function", "function": {"name": "get_weather", "description": "Weather of a city",
              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]""";
    private static final String ANTHROPIC_TOOLS = """
            [{"name": "get_weather", "description": "Weather of a city",
              "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]""";

    @ParameterizedTest(name = "chat, {0}, streamed={1}")
    @CsvSource({"switchboard/echo, false", "switchboard/echo, true",
            "switchboard/echo-anthropic, false", "switchboard/echo-anthropic, true",
            "switchboard/echo-gemini, false", "switchboard/echo-gemini, true"})
    void a_three_turn_chat_with_tool_calls_keeps_ids_unique_and_hands_reasoning_back(String model, boolean stream) throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        boolean reasons = !model.equals("switchboard/echo"); // the OpenAI-format echo takes no reasoning parameter
        ArrayNode messages = JSON.createArrayNode();
        messages.addObject().put("role", "user").put("content", "What is the weather in Paris?");

        ObjectNode first = chatTurn(t, model, messages, stream, reasons);
        assertThat(first.path("tool_calls")).hasSize(1);
        String firstId = first.path("tool_calls").path(0).path("id").asText();
        messages.add(first);
        messages.addObject().put("role", "tool").put("tool_call_id", firstId).put("content", "sunny and 21 degrees");

        ObjectNode second = chatTurn(t, model, messages, stream, reasons);
        assertThat(second.path("content").asText()).startsWith("Tool result received: sunny");
        assertThat(second.has("tool_calls")).isFalse();
        messages.add(second);
        messages.addObject().put("role", "user").put("content", "And in Rome?");

        ObjectNode third = chatTurn(t, model, messages, stream, reasons);
        String thirdId = third.path("tool_calls").path(0).path("id").asText();
        assertThat(thirdId).isNotBlank().isNotEqualTo(firstId);

        JsonNode received = lastReceived(model);
        switch (model) {
            case "switchboard/echo-anthropic" -> {
                // every earlier assistant turn starts with its thinking, signature as the fake signed it
                List<JsonNode> assistants = assistantTurns(received.path("messages"));
                assertThat(assistants).hasSize(2);
                assertThat(thinkingOf(first)).isNotEmpty();
                for (int i = 0; i < 2; i++) {
                    JsonNode block = assistants.get(i).path("content").path(0);
                    assertThat(block.path("type").asText()).isEqualTo("thinking");
                    Map<String, String> sent = thinkingOf(i == 0 ? first : second);
                    assertThat(sent).containsEntry(block.path("signature").asText(), block.path("thinking").asText());
                }
                assertThat(assistants.get(0).path("content").path(1).path("id").asText()).isEqualTo(firstId);
            }
            case "switchboard/echo-gemini" -> {
                // the signature Gemini put on the function call is back on that call; the one on the text on the text
                List<JsonNode> models = assistantTurns(received.path("contents"));
                assertThat(models).hasSize(2);
                JsonNode call = models.get(0).path("parts").path(0);
                assertThat(call.has("functionCall")).isTrue();
                assertThat(call.path("thoughtSignature").asText()).isEqualTo(geminiSignature(first, firstId));
                JsonNode text = models.get(1).path("parts").path(0);
                assertThat(text.path("text").asText()).startsWith("Tool result received");
                assertThat(text.path("thoughtSignature").asText()).isEqualTo(geminiSignature(second, null));
                assertThat(firstId).startsWith("call_");
            }
            default -> {
                // the OpenAI format gets the ids as the provider gave them, and no reasoning
                List<JsonNode> assistants = assistantTurns(received.path("messages"));
                assertThat(assistants.get(0).path("tool_calls").path(0).path("id").asText()).isEqualTo(firstId);
                assertThat(received.toString()).doesNotContain("reasoning_details");
            }
        }
    }

    @ParameterizedTest(name = "messages, {0}, streamed={1}")
    @CsvSource({"switchboard/echo-anthropic, false", "switchboard/echo-anthropic, true",
            "switchboard/echo-gemini, false", "switchboard/echo-gemini, true",
            "switchboard/echo, false"})
    void a_three_turn_messages_conversation_with_tool_calls_hands_thinking_blocks_back(String model, boolean stream) throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        ArrayNode messages = JSON.createArrayNode();
        messages.addObject().put("role", "user").put("content", "What is the weather in Paris?");

        ObjectNode first = messagesTurn(t, model, messages, stream);
        JsonNode firstUse = block(first, "tool_use");
        String firstId = firstUse.path("id").asText();
        messages.add(first);
        ObjectNode result = messages.addObject().put("role", "user");
        result.putArray("content").addObject().put("type", "tool_result").put("tool_use_id", firstId)
                .put("content", "sunny and 21 degrees");

        ObjectNode second = messagesTurn(t, model, messages, stream);
        assertThat(block(second, "text").path("text").asText()).startsWith("Tool result received: sunny");
        messages.add(second);
        messages.addObject().put("role", "user").put("content", "And in Rome?");

        ObjectNode third = messagesTurn(t, model, messages, stream);
        String thirdId = block(third, "tool_use").path("id").asText();
        assertThat(thirdId).isNotBlank().isNotEqualTo(firstId);

        JsonNode received = lastReceived(model);
        if (model.equals("switchboard/echo-anthropic")) {
            List<JsonNode> assistants = assistantTurns(received.path("messages"));
            for (int i = 0; i < 2; i++) {
                JsonNode sentBlock = block(i == 0 ? first : second, "thinking");
                assertThat(assistants.get(i).path("content").path(0)).isEqualTo(sentBlock);
            }
        } else if (model.equals("switchboard/echo-gemini")) {
            List<JsonNode> models = assistantTurns(received.path("contents"));
            JsonNode call = models.get(0).path("parts").path(0);
            assertThat(call.has("functionCall")).isTrue();
            // the client saw the signature sealed in a thinking block; Gemini gets it back bare, on its call
            String sealed = sealedGeminiSignature(first);
            assertThat(sealed).startsWith("google-gemini-v1.").endsWith("." + call.path("thoughtSignature").asText());
            assertThat(call.path("thoughtSignature").asText()).isNotBlank();
            assertThat(models.get(1).path("parts").path(0).path("thoughtSignature").asText()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "responses, {0}, streamed={1}")
    @CsvSource({"switchboard/echo-anthropic, false", "switchboard/echo-anthropic, true",
            "switchboard/echo-gemini, false", "switchboard/echo-gemini, true", "switchboard/echo, false", "switchboard/echo, true"})
    void a_three_turn_responses_conversation_hands_reasoning_back_through_encrypted_content(String model, boolean stream) throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        boolean reasons = !model.equals("switchboard/echo");
        ArrayNode input = JSON.createArrayNode();
        input.addObject().put("role", "user").put("content", "What is the weather in Paris?");

        List<JsonNode> first = responsesTurn(t, model, input, stream, reasons);
        JsonNode firstCall = item(first, "function_call");
        String firstId = firstCall.path("call_id").asText();
        first.forEach(input::add); // a stateless client sends the output items back as they came
        input.addObject().put("type", "function_call_output").put("call_id", firstId).put("output", "sunny and 21 degrees");

        List<JsonNode> second = responsesTurn(t, model, input, stream, reasons);
        assertThat(item(second, "message").path("content").path(0).path("text").asText()).startsWith("Tool result received: sunny");
        second.forEach(input::add);
        input.addObject().put("role", "user").put("content", "And in Rome?");

        List<JsonNode> third = responsesTurn(t, model, input, stream, reasons);
        assertThat(item(third, "function_call").path("call_id").asText()).isNotBlank().isNotEqualTo(firstId);

        JsonNode received = lastReceived(model);
        if (model.equals("switchboard/echo-anthropic")) {
            List<JsonNode> assistants = assistantTurns(received.path("messages"));
            assertThat(assistants).hasSize(2);
            for (JsonNode assistant : assistants) {
                JsonNode thinking = assistant.path("content").path(0);
                assertThat(thinking.path("type").asText()).isEqualTo("thinking");
                assertThat(thinking.path("signature").asText()).isNotBlank();
            }
            assertThat(assistants.get(0).path("content").path(1).path("id").asText()).isEqualTo(firstId);
            // the summary the client saw is the text that was signed
            assertThat(item(first, "reasoning").path("summary").path(0).path("text").asText())
                    .isEqualTo(assistants.get(0).path("content").path(0).path("thinking").asText());
        } else if (model.equals("switchboard/echo-gemini")) {
            List<JsonNode> models = assistantTurns(received.path("contents"));
            assertThat(models.get(0).path("parts").path(0).has("functionCall")).isTrue();
            assertThat(models.get(0).path("parts").path(0).path("thoughtSignature").asText()).isNotBlank();
            assertThat(models.get(1).path("parts").path(0).path("thoughtSignature").asText()).isNotBlank();
        } else {
            assertThat(assistantTurns(received.path("messages")).get(0).path("tool_calls").path(0).path("id").asText()).isEqualTo(firstId);
        }
    }

    private List<JsonNode> responsesTurn(Tenants.Tenant t, String model, ArrayNode input, boolean stream, boolean reasons) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream).put("store", false);
        body.set("input", input.deepCopy());
        body.set("tools", JSON.readTree("""
                [{"type": "function", "name": "get_weather", "description": "Weather of a city",
                  "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]"""));
        if (reasons) {
            body.putObject("reasoning").put("effort", "low");
            body.put("max_output_tokens", 4096);
        }
        if (!stream) {
            Response r = post("/responses", t.secret(), body.toString());
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            List<JsonNode> items = new ArrayList<>();
            JSON.readTree(r.asString()).path("output").forEach(items::add);
            return items;
        }
        SseClient.Stream s = SseClient.post(baseUrl() + "/responses", t.secret(), body.toString());
        assertThat(s.status()).as(String.join("\n", s.lines())).isEqualTo(200);
        // as an agent keeps a stream's items: each output_item.done, in output order
        Map<Integer, JsonNode> done = new java.util.TreeMap<>();
        for (JsonNode event : s.events()) {
            assertThat(event.path("type").asText()).as(event.toString()).isNotIn("error", "response.failed");
            if (event.path("type").asText().equals("response.output_item.done")) {
                done.put(event.path("output_index").asInt(), event.path("item"));
            }
        }
        return new ArrayList<>(done.values());
    }

    private static JsonNode item(List<JsonNode> items, String type) {
        return items.stream().filter(i -> i.path("type").asText().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " item in " + items));
    }

    // ---- one turn

    private ObjectNode chatTurn(Tenants.Tenant t, String model, ArrayNode messages, boolean stream, boolean reasons) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream);
        body.set("messages", messages.deepCopy());
        body.set("tools", JSON.readTree(TOOLS));
        if (reasons) {
            body.putObject("reasoning").put("max_tokens", 1024);
            body.put("max_tokens", 4096);
        }
        if (!stream) {
            Response r = post("/chat/completions", t.secret(), body.toString());
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            ObjectNode message = (ObjectNode) JSON.readTree(r.asString()).path("choices").path(0).path("message");
            message.remove(List.of("refusal", "reasoning"));
            return message;
        }
        SseClient.Stream s = SseClient.post(baseUrl() + "/chat/completions", t.secret(), body.toString());
        assertThat(s.status()).as(String.join("\n", s.lines())).isEqualTo(200);
        return accumulate(s.events());
    }

    /** The assistant message a client builds from a chat stream: text, tool calls by index, every reasoning detail. */
    private static ObjectNode accumulate(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        Map<Integer, ObjectNode> calls = new LinkedHashMap<>();
        ArrayNode details = JSON.createArrayNode();
        for (JsonNode event : events) {
            assertThat(event.has("error")).as(event.toString()).isFalse();
            JsonNode delta = event.path("choices").path(0).path("delta");
            text.append(delta.path("content").asText(""));
            delta.path("reasoning_details").forEach(details::add);
            for (JsonNode call : delta.path("tool_calls")) {
                ObjectNode acc = calls.computeIfAbsent(call.path("index").asInt(), i -> {
                    ObjectNode c = JSON.createObjectNode().put("type", "function");
                    c.putObject("function").put("arguments", "");
                    return c;
                });
                if (call.hasNonNull("id")) {
                    assertThat(acc.has("id")).as("a call's id comes once").isFalse();
                    acc.put("id", call.path("id").asText());
                }
                if (call.path("function").hasNonNull("name")) {
                    ((ObjectNode) acc.path("function")).put("name", call.path("function").path("name").asText());
                }
                ObjectNode function = (ObjectNode) acc.path("function");
                function.put("arguments", function.path("arguments").asText() + call.path("function").path("arguments").asText(""));
            }
        }
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text.toString());
        if (!calls.isEmpty()) {
            message.putArray("tool_calls").addAll(new ArrayList<>(calls.values()));
        }
        if (!details.isEmpty()) {
            message.set("reasoning_details", details);
        }
        return message;
    }

    private ObjectNode messagesTurn(Tenants.Tenant t, String model, ArrayNode messages, boolean stream) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", 4096).put("stream", stream);
        body.set("messages", messages.deepCopy());
        body.set("tools", JSON.readTree(ANTHROPIC_TOOLS));
        if (!model.equals("switchboard/echo")) {
            body.putObject("thinking").put("type", "enabled").put("budget_tokens", 1024);
        }
        if (!stream) {
            Response r = post("/messages", t.secret(), body.toString());
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            JsonNode message = JSON.readTree(r.asString());
            ObjectNode turn = JSON.createObjectNode().put("role", "assistant");
            turn.set("content", message.path("content"));
            return turn;
        }
        SseClient.Stream s = SseClient.post(baseUrl() + "/messages", t.secret(), body.toString());
        assertThat(s.status()).as(String.join("\n", s.lines())).isEqualTo(200);
        // as Anthropic's SDKs accumulate a stream: blocks by index, deltas appended
        Map<Integer, ObjectNode> blocks = new LinkedHashMap<>();
        Map<Integer, StringBuilder> inputs = new LinkedHashMap<>();
        for (JsonNode event : s.events()) {
            assertThat(event.path("type").asText()).as(event.toString()).isNotEqualTo("error");
            int index = event.path("index").asInt();
            switch (event.path("type").asText()) {
                case "content_block_start" -> blocks.put(index, (ObjectNode) event.path("content_block").deepCopy());
                case "content_block_delta" -> {
                    JsonNode delta = event.path("delta");
                    ObjectNode b = blocks.get(index);
                    switch (delta.path("type").asText()) {
                        case "text_delta" -> b.put("text", b.path("text").asText() + delta.path("text").asText());
                        case "thinking_delta" -> b.put("thinking", b.path("thinking").asText() + delta.path("thinking").asText());
                        case "signature_delta" -> b.put("signature", delta.path("signature").asText());
                        case "input_json_delta" -> inputs.computeIfAbsent(index, i -> new StringBuilder())
                                .append(delta.path("partial_json").asText());
                        default -> { }
                    }
                }
                default -> { }
            }
        }
        inputs.forEach((index, input) -> {
            try {
                blocks.get(index).set("input", JSON.readTree(input.toString()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        ObjectNode turn = JSON.createObjectNode().put("role", "assistant");
        turn.putArray("content").addAll(new ArrayList<>(blocks.values()));
        return turn;
    }

    // ---- what was sent and received

    private JsonNode lastReceived(String model) {
        FakeFormat format = switch (model) {
            case "switchboard/echo-anthropic" -> FakeFormat.ANTHROPIC;
            case "switchboard/echo-gemini" -> FakeFormat.GEMINI;
            default -> FakeFormat.OPENAI;
        };
        List<RecordedRequest> requests = fake.requests(format);
        return requests.get(requests.size() - 1).json();
    }

    /** The assistant ("assistant" or Gemini's "model") turns of a request's messages or contents. */
    private static List<JsonNode> assistantTurns(JsonNode turns) {
        List<JsonNode> out = new ArrayList<>();
        turns.forEach(turn -> {
            if (turn.path("role").asText().equals("assistant") || turn.path("role").asText().equals("model")) {
                out.add(turn);
            }
        });
        return out;
    }

    /** An assistant message's signed reasoning texts by signature (whole or as accumulated from a stream). */
    private static Map<String, String> thinkingOf(JsonNode message) {
        Map<String, String> signed = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (JsonNode detail : message.path("reasoning_details")) {
            text.append(detail.path("text").asText(""));
            if (!detail.path("signature").asText("").isEmpty()) {
                assertThat(detail.path("format").asText()).isEqualTo("anthropic-claude-v1");
                signed.put(detail.path("signature").asText(), text.toString());
                text.setLength(0);
            }
        }
        return signed;
    }

    /** The Gemini signature a message's reasoning_details carry for a tool call (or, with null, for no call). */
    private static String geminiSignature(JsonNode message, String toolCallId) {
        for (JsonNode detail : message.path("reasoning_details")) {
            if (detail.path("type").asText().equals("reasoning.encrypted") && detail.path("format").asText().equals("google-gemini-v1")
                    && (toolCallId == null ? detail.path("id").isMissingNode() || detail.path("id").isNull()
                    : toolCallId.equals(detail.path("id").asText()))) {
                return detail.path("data").asText();
            }
        }
        throw new AssertionError("no Gemini signature for " + toolCallId + " in " + message);
    }

    private static String sealedGeminiSignature(JsonNode turn) {
        for (JsonNode block : turn.path("content")) {
            if (block.path("type").asText().equals("thinking") && block.path("signature").asText().startsWith("google-gemini-v1.")) {
                return block.path("signature").asText();
            }
        }
        throw new AssertionError("no thinking block with a Gemini signature in " + turn);
    }

    private static JsonNode block(JsonNode turn, String type) {
        for (JsonNode block : turn.path("content")) {
            if (block.path("type").asText().equals(type)) {
                return block;
            }
        }
        throw new AssertionError("no " + type + " block in " + turn);
    }
}
