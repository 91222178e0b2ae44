package dev.switchboard.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Non-streamed chat completions through each wire format, billed exactly: the fake provider reports
 * 5 prompt tokens for "Say hello to me" (1 per message + 4 words) and 8 completion tokens.
 */
@QuarkusTest
class ChatCompletionsTest extends GatewayTestBase {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // model, provider name, upstream model, exact cost in nano-USD = 5 × prompt price + 8 × completion price
            "switchboard/echo,           Switchboard Fake (OpenAI format),    echo,           36250", // 5×1.25 + 8×3.75 ($/M)
            "switchboard/echo-anthropic, Switchboard Fake (Anthropic format), echo-anthropic, 65250", // 5×2.25 + 8×6.75
            "switchboard/echo-gemini,    Switchboard Fake (Gemini format),    echo-gemini,    10150"  // 5×0.35 + 8×1.05
    })
    void answers_in_the_openai_format_and_bills_the_reported_usage_exactly(String model, String provider, String upstream, long costNanos) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = post("/chat/completions", t.secret(), chat(model, "Say hello to me"));
        r.then().statusCode(200).contentType("application/json")
                .header("X-Generation-Id", startsWith("gen-"))
                .body("id", equalTo(r.header("X-Generation-Id")))
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo(model))
                .body("provider", equalTo(provider))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo("Hello from " + upstream + ". w1 w2 w3 w4 w5"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.prompt_tokens", equalTo(5))
                .body("usage.completion_tokens", equalTo(8))
                .body("usage.total_tokens", equalTo(13));
        assertThat(new BigDecimal(r.jsonPath().getString("usage.cost"))).isEqualByComparingTo(BigDecimal.valueOf(costNanos, 9));
        assertThat(r.jsonPath().getMap("$")).containsKey("system_fingerprint");

        flushed();
        Tenants db = tenants();
        String id = r.header("X-Generation-Id");
        assertThat(db.scalar("SELECT cost_nanos FROM generations WHERE id = ?", id)).isEqualTo(costNanos);
        assertThat(db.scalar("SELECT tokens_prompt FROM generations WHERE id = ?", id)).isEqualTo(5);
        assertThat(db.scalar("SELECT tokens_completion FROM generations WHERE id = ?", id)).isEqualTo(8);
        assertThat(db.balance(t.organizationId())).isEqualTo(TEN_DOLLARS - costNanos);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void bills_cached_prompt_tokens_at_the_cache_read_price() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        // 6 prompt tokens of which 3 cached: 3 × 1.25 + 3 × 0.125 + 8 × 3.75 = 34.125 $/M → 34 125 nano-USD
        Response r = post("/chat/completions", t.secret(), chat("switchboard/echo", "Say hello to me [[cached:3]]"));
        r.then().statusCode(200).body("usage.prompt_tokens", equalTo(6)).body("usage.prompt_tokens_details.cached_tokens", equalTo(3));
        assertThat(new BigDecimal(r.jsonPath().getString("usage.cost"))).isEqualByComparingTo("0.000034125");
        flushed();
        assertThat(tenants().scalar("SELECT tokens_cached FROM generations WHERE id = ?", r.header("X-Generation-Id"))).isEqualTo(3);
    }

    @Test
    void counts_the_tokens_itself_and_marks_the_generation_when_the_provider_reports_no_usage() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = post("/chat/completions", t.secret(), chat("switchboard/echo", "Say hello [[no-usage]]"));
        r.then().statusCode(200);
        assertThat(r.jsonPath().getInt("usage.completion_tokens")).isPositive();
        flushed();
        String id = r.header("X-Generation-Id");
        assertThat(tenants().text("SELECT tokens_estimated::text FROM generations WHERE id = ?", id)).isEqualTo("true");
        assertThat(tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", id)).isPositive();
        assertLedgerInvariants(t.organizationId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo", "switchboard/echo-anthropic", "switchboard/echo-gemini"})
    void returns_tool_calls_with_string_arguments(String model) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String body = """
                {"model": "%s", "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather of a city",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                                  "required": ["city"]}}}]}""".formatted(model);
        Response r = post("/chat/completions", t.secret(), body);
        r.then().statusCode(200)
                .body("choices[0].finish_reason", equalTo("tool_calls"))
                .body("choices[0].message.tool_calls[0].type", equalTo("function"))
                .body("choices[0].message.tool_calls[0].function.name", equalTo("get_weather"));
        JsonPath args = new JsonPath(r.jsonPath().getString("choices[0].message.tool_calls[0].function.arguments"));
        assertThat(args.getString("city")).isEqualTo("example");
        assertThat(args.getInt("days")).isEqualTo(1);
        assertThat(r.jsonPath().getString("choices[0].message.tool_calls[0].id")).isNotBlank();
    }

    @Test
    void records_the_app_attribution_headers_on_the_generation() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = io.restassured.RestAssured.given().header("Authorization", "Bearer " + t.secret())
                .header("HTTP-Referer", "https://app.example").header("X-Title", "Example App")
                .contentType("application/json").body(chat("switchboard/echo", "hi")).post("/api/v1/chat/completions");
        r.then().statusCode(200);
        flushed();
        String id = r.header("X-Generation-Id");
        assertThat(tenants().text("SELECT app_referer FROM generations WHERE id = ?", id)).isEqualTo("https://app.example");
        assertThat(tenants().text("SELECT app_title FROM generations WHERE id = ?", id)).isEqualTo("Example App");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo", "switchboard/echo-anthropic"})
    void a_client_that_goes_away_before_the_answer_is_recorded_as_cancelled_and_charged_nothing(String model) throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        long requestsBefore = fake.requests().size();
        long cancelledBefore = fake.cancelledStreams();
        byte[] body = chat(model, "hi [[hang]]").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /api/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + t.secret()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fake.requests().size() > requestsBefore);
        } // the client goes away while the provider is still working

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fake.cancelledStreams() > cancelledBefore);
        flushed();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> tenants().generationCount(t.organizationId()) == 1);
        String where = " FROM generations WHERE organization_id = ?";
        assertThat(tenants().scalar("SELECT status" + where, t.organizationId())).isEqualTo(499);
        assertThat(tenants().text("SELECT cancelled::text" + where, t.organizationId())).isEqualTo("true");
        assertThat(tenants().text("SELECT error_code" + where, t.organizationId())).isEqualTo("client_cancelled");
        assertThat(tenants().text("SELECT streamed::text" + where, t.organizationId())).isEqualTo("false");
        assertThat(tenants().scalar("SELECT cost_nanos" + where, t.organizationId())).isZero();
        assertThat(tenants().balance(t.organizationId())).isEqualTo(TEN_DOLLARS);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void serves_the_generation_record_and_the_key_and_credit_views() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = post("/chat/completions", t.secret(), chat("switchboard/echo", "Say hello to me"));
        String id = r.header("X-Generation-Id");
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + t.secret()).get("/api/v1/generation?id=" + id)
                .then().statusCode(200).body("data.id", equalTo(id)).body("data.model", equalTo("switchboard/echo"))
                .body("data.tokens_prompt", equalTo(5)).body("data.tokens_completion", equalTo(8))
                .body("data.streamed", equalTo(false));
        flushed();
        // amounts are exact decimals on the wire: compare them as such
        io.restassured.path.json.config.JsonPathConfig exact = io.restassured.path.json.config.JsonPathConfig.jsonPathConfig()
                .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL);
        JsonPath generation = io.restassured.RestAssured.given().header("Authorization", "Bearer " + t.secret())
                .get("/api/v1/generation?id=" + id).then().statusCode(200).extract().jsonPath().using(exact);
        assertThat(generation.getObject("data.total_cost", BigDecimal.class)).isEqualByComparingTo("0.00003625");
        JsonPath key = io.restassured.RestAssured.given().header("Authorization", "Bearer " + t.secret()).get("/api/v1/key")
                .then().statusCode(200).body("data.limit", equalTo(null)).extract().jsonPath().using(exact);
        assertThat(key.getObject("data.usage", BigDecimal.class)).isEqualByComparingTo("0.00003625");
        JsonPath credits = io.restassured.RestAssured.given().header("Authorization", "Bearer " + t.secret()).get("/api/v1/credits")
                .then().statusCode(200).extract().jsonPath().using(exact);
        assertThat(credits.getObject("data.total_credits", BigDecimal.class)).isEqualByComparingTo("10");
        assertThat(credits.getObject("data.total_usage", BigDecimal.class)).isEqualByComparingTo("0.00003625");
        // another organization cannot see it
        Tenants.Tenant other = tenant(TEN_DOLLARS);
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + other.secret()).get("/api/v1/generation?id=" + id)
                .then().statusCode(404).body("error.code", equalTo(404));
    }
}
