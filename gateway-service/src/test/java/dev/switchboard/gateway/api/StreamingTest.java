package dev.switchboard.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.SseClient;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class StreamingTest extends GatewayTestBase {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo, echo, 36250", "switchboard/echo-anthropic, echo-anthropic, 65250", "switchboard/echo-gemini, echo-gemini, 10150"})
    void streams_normalised_chunks_then_one_usage_chunk_with_the_exact_cost_then_done(String model, String upstream, long costNanos) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        SseClient.Stream s = SseClient.post(baseUrl() + "/chat/completions", t.secret(), stream(model, "Say hello to me"));

        assertThat(s.status()).isEqualTo(200);
        assertThat(s.contentType()).startsWith("text/event-stream");
        assertThat(s.lines()).last().isEqualTo("data: [DONE]");
        assertThat(s.text()).isEqualTo("Hello from " + upstream + ". w1 w2 w3 w4 w5");
        List<JsonNode> events = s.events();
        for (JsonNode e : events) {
            assertThat(e.path("id").asText()).isEqualTo(s.generationId());
            assertThat(e.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(e.path("model").asText()).isEqualTo(model);
            assertThat(e.has("usage") && e.get("usage").isNull()).as("usage:null breaks strict clients").isFalse();
            assertThat(e.has("system_fingerprint") && e.get("system_fingerprint").isNull()).isFalse();
            e.path("choices").forEach(c -> assertThat(c.has("finish_reason")).isTrue());
        }
        JsonNode usageChunk = s.last();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
        assertThat(usageChunk.path("usage").path("cost").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(costNanos, 9));
        assertThat(events.stream().filter(e -> "stop".equals(e.path("choices").path(0).path("finish_reason").asText(null))).count()).isEqualTo(1);
        // no keep-alive comment after the first token
        int firstData = s.lines().indexOf(s.lines().stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow());
        assertThat(s.lines().subList(firstData, s.lines().size())).noneMatch(l -> l.startsWith(":"));

        flushed();
        assertThat(tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", s.generationId())).isEqualTo(costNanos);
        assertThat(tenants().text("SELECT streamed::text FROM generations WHERE id = ?", s.generationId())).isEqualTo("true");
        assertLedgerInvariants(t.organizationId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo", "switchboard/echo-anthropic", "switchboard/echo-gemini"})
    void streams_tool_call_argument_deltas_that_join_to_the_arguments(String model) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String body = """
                {"model": "%s", "stream": true, "messages": [{"role": "user", "content": "Weather in Paris?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}}}}]}"""
                .formatted(model);
        SseClient.Stream s = SseClient.post(baseUrl() + "/chat/completions", t.secret(), body);
        assertThat(s.status()).isEqualTo(200);
        StringBuilder arguments = new StringBuilder();
        String name = null;
        int deltas = 0;
        for (JsonNode e : s.events()) {
            for (JsonNode call : e.path("choices").path(0).path("delta").path("tool_calls")) {
                assertThat(call.has("index")).isTrue();
                if (call.path("function").has("name")) {
                    name = call.path("function").path("name").asText();
                }
                arguments.append(call.path("function").path("arguments").asText(""));
                deltas++;
            }
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(arguments.toString()).isEqualTo("{\"city\":\"example\",\"days\":1}");
        if (!model.endsWith("gemini")) {
            assertThat(deltas).as("arguments arrive in pieces").isGreaterThanOrEqualTo(3);
        }
        assertThat(s.events().stream().anyMatch(e -> "tool_calls".equals(e.path("choices").path(0).path("finish_reason").asText(null)))).isTrue();
    }

    @Test
    void sends_processing_comments_only_while_waiting_for_the_first_token() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        SseClient.Stream s = SseClient.post(baseUrl() + "/chat/completions", t.secret(), stream("switchboard/echo", "hi [[slow:1200]]"));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.lines()).contains(": OPENROUTER PROCESSING");
        int firstData = s.lines().indexOf(s.lines().stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow());
        assertThat(s.lines().subList(0, firstData)).allMatch(l -> l.equals(": OPENROUTER PROCESSING"));
        assertThat(s.lines().subList(firstData, s.lines().size())).noneMatch(l -> l.startsWith(":"));
    }

    @Test
    void ends_with_an_error_chunk_when_the_provider_fails_mid_stream_and_bills_what_was_produced() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        SseClient.Stream s = SseClient.post(baseUrl() + "/chat/completions", t.secret(), stream("switchboard/echo-anthropic", "hi [[midstream-error]]"));
        assertThat(s.status()).isEqualTo(200);
        JsonNode last = s.last();
        assertThat(last.path("error").path("code").isInt()).isTrue();
        assertThat(last.path("error").path("message").asText()).contains("overloaded");
        assertThat(last.path("choices").path(0).path("finish_reason").asText()).isEqualTo("error");
        assertThat(last.path("object").asText()).isEqualTo("chat.completion.chunk");
        flushed();
        assertThat(tenants().text("SELECT finish_reason FROM generations WHERE id = ?", s.generationId())).isEqualTo("error");
        assertThat(tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", s.generationId())).isPositive();
        assertLedgerInvariants(t.organizationId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo, -1", "switchboard/echo-anthropic, 4", "switchboard/echo-gemini, 4"})
    void a_client_that_goes_away_cancels_the_provider_call_and_pays_for_what_was_produced(String model, int exactPromptTokens) throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        long cancelledBefore = fake.cancelledStreams();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + t.secret()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(stream(model, "go [[words:200]] [[chunk-delay:20]]"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String id = response.headers().firstValue("x-generation-id").orElseThrow();
        InputStream in = response.body();
        byte[] some = in.readNBytes(600); // a few chunks
        assertThat(some.length).isEqualTo(600);
        in.close();
        http.close();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fake.cancelledStreams() > cancelledBefore);
        flushed();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> tenants().scalar("SELECT count(*) FROM generations WHERE id = ?", id) == 1);
        assertThat(tenants().text("SELECT cancelled::text FROM generations WHERE id = ?", id)).isEqualTo("true");
        long completion = tenants().scalar("SELECT tokens_completion FROM generations WHERE id = ?", id);
        assertThat(completion).as("billed for what was produced, not the 203 words asked for").isBetween(1L, 150L);
        if (exactPromptTokens > 0) {
            // Anthropic (message_start) and Gemini (usageMetadata on every chunk) had already reported the input
            assertThat(tenants().scalar("SELECT tokens_prompt FROM generations WHERE id = ?", id)).isEqualTo(exactPromptTokens);
        }
        assertThat(tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", id)).isPositive();
        assertLedgerInvariants(t.organizationId());
    }

    static String stream(String model, String text) {
        return """
                {"model": "%s", "stream": true, "messages": [{"role": "user", "content": "%s"}]}""".formatted(model, text);
    }
}
