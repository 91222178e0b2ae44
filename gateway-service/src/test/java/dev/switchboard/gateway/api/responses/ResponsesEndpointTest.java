package dev.switchboard.gateway.api.responses;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.SseClient;
import dev.switchboard.testkit.providers.FakeFormat;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/v1/responses} over HTTP, against the fake providers of all three wire formats. */
@QuarkusTest
class ResponsesEndpointTest extends GatewayTestBase {

    private static final String WEATHER_TOOL = """
            {"type": "function", "name": "get_weather", "description": "Current weather",
             "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}}, "strict": false}""";

    /** The generation row's cost equals the response's usage.cost, and the row is a "responses" one. */
    private void assertBilledAsResponses(String generationId, BigDecimal usageCost, int inputTokens, int outputTokens, boolean streamed) {
        flushed();
        Tenants db = tenants();
        assertThat(db.text("SELECT api_type FROM generations WHERE id = ?", generationId)).isEqualTo("responses");
        assertThat(db.scalar("SELECT tokens_prompt FROM generations WHERE id = ?", generationId)).isEqualTo(inputTokens);
        assertThat(db.scalar("SELECT tokens_completion FROM generations WHERE id = ?", generationId)).isEqualTo(outputTokens);
        assertThat(db.text("SELECT streamed::text FROM generations WHERE id = ?", generationId)).isEqualTo(String.valueOf(streamed));
        long cost = db.scalar("SELECT cost_nanos FROM generations WHERE id = ?", generationId);
        assertThat(cost).isPositive();
        assertThat(usageCost).isEqualByComparingTo(BigDecimal.valueOf(cost, 9));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo, echo", "switchboard/echo-anthropic, echo-anthropic", "switchboard/echo-gemini, echo-gemini"})
    void answers_a_response_object_billed_as_a_responses_generation(String model, String upstream) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = post("/responses", t.secret(), """
                {"model": "%s", "instructions": "Be brief.", "input": "Say hello to me", "temperature": 0.3}""".formatted(model));
        r.then().statusCode(200).contentType("application/json")
                .body("object", equalTo("response")).body("id", startsWith("gen-")).body("status", equalTo("completed"))
                .body("model", equalTo(model)).body("error", equalTo(null)).body("incomplete_details", equalTo(null))
                .body("instructions", equalTo("Be brief.")).body("temperature", equalTo(0.3f))
                .body("output.size()", equalTo(1)).body("output[0].type", equalTo("message"))
                .body("output[0].role", equalTo("assistant")).body("output[0].status", equalTo("completed"))
                .body("output[0].content[0].type", equalTo("output_text"))
                .body("output[0].content[0].text", equalTo("Hello from " + upstream + ". w1 w2 w3 w4 w5"))
                // 2 instruction words + 1 + 4 words of input; 8 words of output
                .body("usage.input_tokens", equalTo(7)).body("usage.output_tokens", equalTo(8))
                .body("usage.total_tokens", equalTo(15));
        String id = r.jsonPath().getString("id");
        assertThat(r.header("X-Generation-Id")).isEqualTo(id);
        assertThat(r.jsonPath().getString("output[0].id")).startsWith("msg_");
        assertBilledAsResponses(id, new BigDecimal(r.jsonPath().getString("usage.cost")), 7, 8, false);
        // the response's id is the generation's: GET /generation finds it, with the same cost
        JsonPath generation = given().header("Authorization", "Bearer " + t.secret()).get("/api/v1/generation?id=" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(generation.getString("data.total_cost")))
                .isEqualByComparingTo(new BigDecimal(r.jsonPath().getString("usage.cost")));
        assertLedgerInvariants(t.organizationId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo, echo", "switchboard/echo-anthropic, echo-anthropic", "switchboard/echo-gemini, echo-gemini"})
    void streams_openais_event_sequence_and_completes_with_usage_and_the_billed_cost(String model, String upstream) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        SseClient.Stream s = SseClient.post(baseUrl() + "/responses", t.secret(), """
                {"model": "%s", "input": [{"role": "user", "content": [{"type": "input_text", "text": "Say hello to me"}]}],
                 "stream": true}""".formatted(model));

        assertThat(s.status()).isEqualTo(200);
        assertThat(s.contentType()).startsWith("text/event-stream");
        assertThat(s.lines()).noneMatch(l -> l.contains("[DONE]"));
        List<JsonNode> events = s.events();
        List<String> names = s.lines().stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        assertThat(names).hasSameSizeAs(events);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("type").asText()).isEqualTo(names.get(i));
            assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
            if (names.get(i).equals("response.output_text.delta")) {
                text.append(events.get(i).path("delta").asText());
            }
        }
        assertThat(names.stream().distinct().toList()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed");
        assertThat(text.toString()).isEqualTo("Hello from " + upstream + ". w1 w2 w3 w4 w5");
        JsonNode completed = events.getLast().path("response");
        assertThat(completed.path("id").asText()).isEqualTo(s.generationId());
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo(text.toString());
        assertThat(completed.at("/usage/input_tokens").asInt()).isEqualTo(5);
        assertThat(completed.at("/usage/output_tokens").asInt()).isEqualTo(8);
        assertBilledAsResponses(s.generationId(), completed.at("/usage/cost").decimalValue(), 5, 8, true);
        assertLedgerInvariants(t.organizationId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo, false", "switchboard/echo-anthropic, false", "switchboard/echo-gemini, false",
            "switchboard/echo, true", "switchboard/echo-anthropic, true", "switchboard/echo-gemini, true"})
    void a_function_call_then_its_output_in_a_second_turn(String model, boolean stream) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        JsonNode first = respond(t, """
                {"model": "%s", "input": "Weather in Paris?", "tools": [%s], "stream": %s}""".formatted(model, WEATHER_TOOL, stream), stream);
        assertThat(first.path("status").asText()).isEqualTo("completed");
        assertThat(first.path("output")).hasSize(1);
        JsonNode call = first.at("/output/0");
        assertThat(call.path("type").asText()).isEqualTo("function_call");
        assertThat(call.path("id").asText()).startsWith("fc_");
        assertThat(call.path("status").asText()).isEqualTo("completed");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("arguments").asText()).isEqualTo("{\"city\":\"example\",\"days\":1}");
        String callId = call.path("call_id").asText();
        assertThat(callId).isNotBlank();
        assertThat(first.at("/tools/0/name").asText()).isEqualTo("get_weather");

        JsonNode second = respond(t, """
                {"model": "%s", "tools": [%s], "stream": %s, "input": [
                  {"role": "user", "content": "Weather in Paris?"},
                  %s,
                  {"type": "function_call_output", "call_id": "%s", "output": "Sunny and 18 degrees today"}]}"""
                .formatted(model, WEATHER_TOOL, stream, call, callId), stream);
        assertThat(second.path("status").asText()).isEqualTo("completed");
        assertThat(second.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(second.at("/output/0/content/0/text").asText()).isEqualTo("Tool result received: Sunny and 18 degrees today");
        flushed();
        assertThat(tenants().scalar("SELECT count(*) FROM generations WHERE organization_id = ? AND api_type = 'responses'",
                t.organizationId())).isEqualTo(2);
    }

    @ParameterizedTest(name = "stream: {0}")
    @ValueSource(booleans = {false, true})
    void max_output_tokens_cuts_the_response_which_is_incomplete(boolean stream) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        JsonNode response = respond(t, """
                {"model": "switchboard/echo-anthropic", "input": "Say hello to me", "max_output_tokens": 3, "stream": %s}"""
                .formatted(stream), stream);
        assertThat(response.path("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(response.path("max_output_tokens").asInt()).isEqualTo(3);
        assertThat(response.at("/output/0/status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo("Hello from echo-anthropic.");
        assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(3);
        flushed();
        assertThat(tenants().text("SELECT finish_reason FROM generations WHERE id = ?", response.path("id").asText()))
                .isEqualTo("length");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo-gemini, GEMINI, thinkingConfig", "switchboard/echo-anthropic, ANTHROPIC, thinking"})
    void reasoning_effort_reaches_the_provider_and_reasoning_tokens_are_reported(String model, FakeFormat format, String field) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = post("/responses", t.secret(), """
                {"model": "%s", "input": "Think about it [[reasoning:12]]", "reasoning": {"effort": "high", "summary": "auto"},
                 "max_output_tokens": 4000}""".formatted(model));
        r.then().statusCode(200).body("reasoning.effort", equalTo("high")).body("reasoning.summary", equalTo("auto"));
        assertThat(fake.requests(format).getLast().json().toString()).contains("\"" + field + "\"");
        if (format == FakeFormat.GEMINI) { // the Anthropic fake reports no reasoning tokens
            r.then().body("usage.output_tokens_details.reasoning_tokens", equalTo(12));
            flushed();
            assertThat(tenants().scalar("SELECT tokens_reasoning FROM generations WHERE id = ?", r.jsonPath().getString("id")))
                    .isEqualTo(12);
        }
    }

    @Test
    void text_format_json_schema_reaches_the_provider_and_is_echoed() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/responses", t.secret(), """
                {"model": "switchboard/echo", "input": "hi", "text": {"format": {"type": "json_schema", "name": "greeting",
                 "schema": {"type": "object", "properties": {"hello": {"type": "string"}}}, "strict": true}}}""")
                .then().statusCode(200).body("text.format.type", equalTo("json_schema")).body("text.format.name", equalTo("greeting"));
        JsonNode upstream = fake.requests(FakeFormat.OPENAI).getLast().json();
        assertThat(upstream.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(upstream.at("/response_format/json_schema/name").asText()).isEqualTo("greeting");
    }

    @Test
    void a_failure_mid_stream_ends_with_error_and_response_failed_and_bills_what_was_produced() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        SseClient.Stream s = SseClient.post(baseUrl() + "/responses", t.secret(), """
                {"model": "switchboard/echo-anthropic", "input": "hi [[midstream-error]]", "stream": true}""");
        assertThat(s.status()).isEqualTo(200);
        List<JsonNode> events = s.events();
        assertThat(events.get(events.size() - 2).path("type").asText()).isEqualTo("error");
        assertThat(events.get(events.size() - 2).path("code").asText()).isEqualTo("server_error");
        assertThat(events.get(events.size() - 2).path("message").asText()).contains("overloaded");
        JsonNode failed = events.getLast();
        assertThat(failed.path("type").asText()).isEqualTo("response.failed");
        assertThat(failed.at("/response/status").asText()).isEqualTo("failed");
        assertThat(failed.at("/response/error/code").asText()).isEqualTo("server_error");
        assertThat(failed.at("/response/output/0/status").asText()).isEqualTo("incomplete");
        flushed();
        assertThat(tenants().text("SELECT finish_reason FROM generations WHERE id = ?", s.generationId())).isEqualTo("error");
        long cost = tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", s.generationId());
        assertThat(cost).isPositive();
        assertThat(failed.at("/response/usage/cost").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(cost, 9));
        assertLedgerInvariants(t.organizationId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown model        | 404 | {\"model\": \"nobody/no-such-model\", \"input\": \"hi\"}                       | Model 'nobody/no-such-model' is not available",
            "previous_response_id | 400 | {\"model\": \"switchboard/echo\", \"input\": \"hi\", \"previous_response_id\": \"resp_1\"} | previous_response_id: responses are not stored by this gateway; send the whole conversation in input",
            "built-in tool        | 400 | {\"model\": \"switchboard/echo\", \"input\": \"hi\", \"tools\": [{\"type\": \"web_search\"}]} | tools[0].type: 'web_search' tools are not supported",
            "store                | 400 | {\"model\": \"switchboard/echo\", \"input\": \"hi\", \"store\": true}          | store: responses are not stored",
            "unknown field        | 400 | {\"model\": \"switchboard/echo\", \"input\": \"hi\", \"truncation\": \"auto\"} | truncation: is not supported",
            "streamed bad request | 400 | {\"model\": \"switchboard/echo\", \"input\": [], \"stream\": true}             | input: must not be empty"})
    void refuses_before_any_provider_call_in_the_openrouter_envelope(String what, int status, String body, String message) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/responses", t.secret(), body).then().statusCode(status).contentType("application/json")
                .body("error.code", equalTo(status)).body("error.message", startsWith(message));
        flushed();
        assertThat(tenants().generationCount(t.organizationId())).isZero();
        assertThat(tenants().balance(t.organizationId())).isEqualTo(TEN_DOLLARS);
    }

    @Test
    void an_upstream_error_is_answered_in_the_envelope_and_recorded_on_a_responses_generation() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = post("/responses", t.secret(), "{\"model\": \"switchboard/echo-gemini\", \"input\": \"hi [[error:400]]\"}");
        r.then().statusCode(400).body("error.code", equalTo(400)).body("error.metadata.upstream_status", equalTo(400))
                .body("error.metadata.provider_name", equalTo("Switchboard Fake (Gemini format)"));
        flushed();
        String id = r.header("X-Generation-Id") != null ? r.header("X-Generation-Id")
                : tenants().text("SELECT id FROM generations WHERE organization_id = ?", t.organizationId());
        assertThat(tenants().text("SELECT api_type FROM generations WHERE id = ?", id)).isEqualTo("responses");
        assertThat(tenants().scalar("SELECT status FROM generations WHERE id = ?", id)).isEqualTo(400);
        assertThat(tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", id)).isZero();
        given().contentType("application/json").body("{\"model\": \"switchboard/echo\", \"input\": \"hi\"}").post("/api/v1/responses")
                .then().statusCode(401).body("error.code", equalTo(401));
    }

    /** The response object: the body, or the final event's response of a stream. */
    private JsonNode respond(Tenants.Tenant t, String body, boolean stream) {
        if (stream) {
            SseClient.Stream s = SseClient.post(baseUrl() + "/responses", t.secret(), body);
            assertThat(s.status()).isEqualTo(200);
            JsonNode last = s.last();
            assertThat(last.path("type").asText()).isIn("response.completed", "response.incomplete");
            return last.path("response");
        }
        Response r = post("/responses", t.secret(), body);
        r.then().statusCode(200);
        return ResponsesWriterTest.json(r.asByteArray());
    }
}
