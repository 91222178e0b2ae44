package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.providers.FakeHttp.Reply;
import dev.switchboard.testkit.providers.FakeHttp.SseEvent;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fakes' reasoning and prompt cache, as the real providers behave for a client: Anthropic thinks when asked,
 * signs its thinking and refuses a changed signature or a tool turn sent back without its thinking; Gemini signs a
 * thinking turn's function call and refuses a signature it did not issue or a current-turn call without one;
 * Anthropic writes the prefix up to the last cache_control to its cache, then reads it.
 */
class FakeReasoningAndCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOL = """
            {"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}""";
    private static FakeProviderServer server;

    @BeforeAll
    static void start() {
        server = FakeProviderServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Reply anthropic(String body) throws IOException, InterruptedException {
        return FakeHttp.post(server.anthropicBaseUrl() + "/v1/messages", body, "x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01");
    }

    private static Reply gemini(String body, boolean stream) throws IOException, InterruptedException {
        return FakeHttp.post(server.geminiBaseUrl() + "/v1beta/models/gemini-test:" + (stream ? "streamGenerateContent?alt=sse" : "generateContent"),
                body, "x-goog-api-key", "AIza-test");
    }

    @Test
    void anthropic_signs_its_thinking_and_refuses_it_changed_or_missing_from_a_tool_turn() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("""
                {"model":"claude-test","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":1024},
                 "tools":[%s],"messages":[{"role":"user","content":"Weather in Paris?"}]}""".formatted(TOOL));
        JsonNode first = anthropic(request.toString()).json();
        JsonNode thinking = first.at("/content/0");
        assertThat(thinking.path("type").asText()).isEqualTo("thinking");
        assertThat(thinking.path("signature").asText()).isNotBlank();
        assertThat(first.at("/content/1/type").asText()).isEqualTo("tool_use");
        // without thinking asked for, none
        assertThat(anthropic(request.deepCopy().without("thinking").toString()).json().at("/content/0/type").asText()).isEqualTo("tool_use");

        ArrayNode messages = (ArrayNode) request.get("messages");
        messages.addObject().put("role", "assistant").set("content", first.get("content"));
        messages.addObject().put("role", "user").putArray("content").addObject().put("type", "tool_result")
                .put("tool_use_id", first.at("/content/1/id").asText()).put("content", "sunny");
        assertThat(anthropic(request.toString()).status()).isEqualTo(200);

        ((ObjectNode) messages.get(1).get("content").get(0)).put("thinking", "Something else entirely.");
        Reply changed = anthropic(request.toString());
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.json().at("/error/message").asText()).isEqualTo("messages.1.content.0: Invalid `signature` in `thinking` block");

        ((ArrayNode) messages.get(1).get("content")).remove(0);
        Reply missing = anthropic(request.toString());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/error/message").asText()).startsWith("messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`.");
    }

    @Test
    void anthropic_streams_the_thinking_then_its_signature() throws Exception {
        List<SseEvent> events = anthropic("""
                {"model":"claude-test","max_tokens":4096,"stream":true,"thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[{"role":"user","content":"Hi"}]}""").events();
        List<String> deltas = events.stream().filter(e -> e.event().equals("content_block_delta"))
                .map(e -> e.json().at("/delta/type").asText()).distinct().toList();
        assertThat(deltas).containsExactly("thinking_delta", "signature_delta", "text_delta");
        assertThat(events.stream().filter(e -> e.event().equals("content_block_start")).map(e -> e.json().path("index").asInt()).toList())
                .containsExactly(0, 1);
    }

    @Test
    void anthropic_writes_the_marked_prefix_to_its_cache_then_reads_it() throws Exception {
        String body = """
                {"model":"claude-test","max_tokens":100,
                 "system":[{"type":"text","text":"A long handbook %s one two three","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"Say hello"}]}""".formatted(UUID.randomUUID());
        JsonNode first = anthropic(body).json().path("usage");
        JsonNode second = anthropic(body).json().path("usage");
        int prefix = first.path("cache_creation_input_tokens").asInt();
        assertThat(prefix).isEqualTo(7); // the system text's words
        assertThat(first.path("cache_read_input_tokens").asInt()).isZero();
        assertThat(second.path("cache_read_input_tokens").asInt()).isEqualTo(prefix);
        assertThat(second.path("cache_creation_input_tokens").asInt()).isZero();
        assertThat(second.path("input_tokens").asInt()).isEqualTo(first.path("input_tokens").asInt()).isPositive();
    }

    @Test
    void gemini_signs_a_thinking_turns_call_and_refuses_a_foreign_or_missing_signature() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("""
                {"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]}],
                 "tools":[{"functionDeclarations":[{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]}],
                 "generationConfig":{"thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}}""");
        JsonNode parts = gemini(request.toString(), false).json().at("/candidates/0/content/parts");
        assertThat(parts.get(0).path("thought").asBoolean()).isTrue();
        JsonNode call = parts.get(1);
        assertThat(call.has("functionCall")).isTrue();
        assertThat(call.path("thoughtSignature").asText()).isNotBlank();
        // the streamed form signs its call too
        assertThat(gemini(request.toString(), true).events().getLast().json().at("/candidates/0/content/parts/1/thoughtSignature").asText()).isNotBlank();

        ArrayNode contents = (ArrayNode) request.get("contents");
        contents.addObject().put("role", "model").putArray("parts").add(call);
        contents.addObject().put("role", "user").putArray("parts").addObject().putObject("functionResponse")
                .put("name", "get_weather").putObject("response").put("content", "sunny");
        assertThat(gemini(request.toString(), false).status()).isEqualTo(200);

        ((ObjectNode) contents.get(1).get("parts").get(0)).put("thoughtSignature", "Zm9yZWlnbg==");
        Reply foreign = gemini(request.toString(), false);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().at("/error/message").asText()).isEqualTo("Corrupted thought signature.");

        ((ObjectNode) contents.get(1).get("parts").get(0)).remove("thoughtSignature");
        Reply missing = gemini(request.toString(), false);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/error/message").asText()).startsWith("Function call is missing a thought_signature");
        // without thinking, Gemini asks for no signature
        ((ObjectNode) request.get("generationConfig")).remove("thinkingConfig");
        assertThat(gemini(request.toString(), false).status()).isEqualTo(200);
    }
}
