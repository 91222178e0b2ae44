package dev.switchboard.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.SseClient;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every public format reports the same usage as GET /generation: prompt, completion, cached and reasoning tokens and
 * the exact cost, whole and streamed. The fake reports 3 cached prompt tokens and 7 reasoning tokens.
 */
@QuarkusTest
class UsageConsistencyTest extends GatewayTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "Say hello [[cached:3]] [[reasoning:7]]";

    /** The usage a format reported, normalised: prompt (cache included), completion (reasoning included), cached, reasoning, cost. */
    private record Reported(long prompt, long completion, long cached, long reasoning, BigDecimal cost) {
    }

    @ParameterizedTest(name = "{0} streamed={1}")
    @CsvSource({"chat, false", "chat, true", "completions, false", "completions, true", "messages, false", "messages, true",
            "responses, false", "responses, true"})
    void every_format_reports_what_get_generation_reports(String format, boolean stream) throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String model = "switchboard/echo-gemini";
        String body = (switch (format) {
            case "chat" -> """
                    {"model": "%s", "stream": %s, "stream_options": {"include_usage": true}, "messages": [{"role": "user", "content": "%s"}]}""";
            case "completions" -> """
                    {"model": "%s", "stream": %s, "prompt": "%s"}""";
            case "messages" -> """
                    {"model": "%s", "stream": %s, "max_tokens": 100, "messages": [{"role": "user", "content": "%s"}]}""";
            default -> """
                    {"model": "%s", "stream": %s, "input": "%s"}""";
        }).formatted(model, stream, TEXT);
        String path = "/" + (format.equals("chat") ? "chat/completions" : format);

        String id;
        JsonNode usage;
        if (!stream) {
            Response r = post(path, t.secret(), body);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            id = r.header("X-Generation-Id");
            usage = JSON.readTree(r.asString()).path("usage");
        } else {
            SseClient.Stream s = SseClient.post(baseUrl() + path, t.secret(), body);
            assertThat(s.status()).isEqualTo(200);
            id = s.generationId();
            List<JsonNode> events = s.events();
            usage = switch (format) {
                case "messages" -> events.stream().filter(e -> e.path("type").asText().equals("message_delta")).findFirst().orElseThrow().path("usage");
                case "responses" -> events.getLast().path("response").path("usage");
                default -> events.getLast().path("usage");
            };
        }
        Reported reported = switch (format) {
            case "messages" -> new Reported(usage.path("input_tokens").asLong() + usage.path("cache_read_input_tokens").asLong()
                    + usage.path("cache_creation_input_tokens").asLong(), usage.path("output_tokens").asLong(),
                    usage.path("cache_read_input_tokens").asLong(), -1, new BigDecimal(usage.path("cost").asText()));
            case "responses" -> new Reported(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong(),
                    usage.path("input_tokens_details").path("cached_tokens").asLong(),
                    usage.path("output_tokens_details").path("reasoning_tokens").asLong(), new BigDecimal(usage.path("cost").asText()));
            default -> new Reported(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
                    usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
                    usage.path("completion_tokens_details").path("reasoning_tokens").asLong(), new BigDecimal(usage.path("cost").asText()));
        };

        flushed();
        JsonNode generation = JSON.readTree(given().header("Authorization", "Bearer " + t.secret())
                .get("/api/v1/generation?id=" + id).then().statusCode(200).extract().asString()).path("data");
        assertThat(generation.path("api_type").asText()).isEqualTo(format.equals("chat") ? "chat" : format);
        assertThat(reported.prompt()).isEqualTo(generation.path("native_tokens_prompt").asLong()).isPositive();
        assertThat(reported.completion()).isEqualTo(generation.path("native_tokens_completion").asLong());
        assertThat(reported.cached()).isEqualTo(generation.path("native_tokens_cached").asLong()).isEqualTo(3);
        assertThat(generation.path("native_tokens_reasoning").asLong()).isEqualTo(7);
        if (reported.reasoning() >= 0) { // Anthropic's usage has no reasoning figure
            assertThat(reported.reasoning()).isEqualTo(7);
        }
        assertThat(reported.cost()).isPositive().isEqualByComparingTo(new BigDecimal(generation.path("total_cost").asText()));
    }
}
