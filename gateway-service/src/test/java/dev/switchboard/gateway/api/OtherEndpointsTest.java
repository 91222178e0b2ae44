package dev.switchboard.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.SseClient;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** /messages (Anthropic format in and out), legacy /completions, /embeddings and the public catalog. */
@QuarkusTest
class OtherEndpointsTest extends GatewayTestBase {

    @Test
    void messages_speaks_the_anthropic_format_in_and_out_for_a_model_of_any_provider() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String body = """
                {"model": "switchboard/echo-gemini", "max_tokens": 100, "system": "Be brief.",
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Say hello to me"}]}]}""";
        Response r = post("/messages", t.secret(), body);
        // 7 prompt tokens (2 system words + 1 + 4), 8 completion: 7 × 0.35 + 8 × 1.05 = 10.85 $/M
        r.then().statusCode(200).body("type", equalTo("message")).body("role", equalTo("assistant"))
                .body("id", startsWith("gen-")).body("model", equalTo("switchboard/echo-gemini"))
                .body("content[0].type", equalTo("text")).body("content[0].text", equalTo("Hello from echo-gemini. w1 w2 w3 w4 w5"))
                .body("stop_reason", equalTo("end_turn"))
                .body("usage.input_tokens", equalTo(7)).body("usage.output_tokens", equalTo(8));
        flushed();
        assertThat(tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", r.header("X-Generation-Id"))).isEqualTo(10_850);
        assertThat(tenants().text("SELECT api_type FROM generations WHERE id = ?", r.header("X-Generation-Id"))).isEqualTo("messages");
    }

    @Test
    void messages_streams_the_anthropic_event_sequence_and_answers_errors_in_anthropic_shape() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        SseClient.Stream s = SseClient.post(baseUrl() + "/messages", t.secret(), """
                {"model": "switchboard/echo", "max_tokens": 100, "stream": true, "messages": [{"role": "user", "content": "Say hello to me"}]}""");
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.lines().stream().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).distinct().toList())
                .containsSubsequence("message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        given().header("Authorization", "Bearer " + t.secret()).contentType("application/json").body("{\"model\": \"switchboard/echo\"}")
                .post("/api/v1/messages").then().statusCode(400).body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error"));
        given().contentType("application/json").body("{}").post("/api/v1/messages").then().statusCode(401)
                .body("type", equalTo("error")).body("error.type", equalTo("authentication_error"));
    }

    @Test
    void a_streamed_message_start_carries_the_input_tokens_the_upstream_reported_or_the_gateways_count() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String body = """
                {"model": "%s", "max_tokens": 100, "stream": true, "system": "Be brief.",
                 "messages": [{"role": "user", "content": "Say hello to me, please"}]}""";
        // an Anthropic upstream reports the input side in its message_start: passed on as it came, equal to the final figure
        List<JsonNode> anthropic = SseClient.post(baseUrl() + "/messages", t.secret(), body.formatted("switchboard/echo-anthropic")).events();
        JsonNode started = anthropic.getFirst().path("message").path("usage");
        JsonNode finished = anthropic.stream().filter(e -> e.path("type").asText().equals("message_delta")).findFirst().orElseThrow().path("usage");
        assertThat(anthropic.getFirst().path("type").asText()).isEqualTo("message_start");
        assertThat(started.path("input_tokens").asInt()).isPositive().isEqualTo(finished.path("input_tokens").asInt());
        assertThat(started.path("output_tokens").asInt()).isZero();
        assertThat(started.has("input_tokens_estimated")).isFalse();
        // an OpenAI-format upstream reports usage at the end only: message_start has the gateway's count, never 0,
        // marked as an estimate
        List<JsonNode> openai = SseClient.post(baseUrl() + "/messages", t.secret(), body.formatted("switchboard/echo")).events();
        assertThat(openai.getFirst().path("type").asText()).isEqualTo("message_start");
        assertThat(openai.getFirst().path("message").path("usage").path("input_tokens").asInt()).isPositive();
        assertThat(openai.getFirst().path("message").path("usage").path("input_tokens_estimated").asBoolean()).isTrue();
        JsonNode openaiFinal = openai.stream().filter(e -> e.path("type").asText().equals("message_delta")).findFirst().orElseThrow();
        assertThat(openaiFinal.path("usage").path("input_tokens_estimated").isBoolean()).isTrue();
        assertThat(openaiFinal.path("usage").path("input_tokens_estimated").asBoolean()).isFalse();
        JsonNode anthropicFinal = anthropic.stream().filter(e -> e.path("type").asText().equals("message_delta")).findFirst().orElseThrow();
        assertThat(anthropicFinal.path("usage").has("input_tokens_estimated")).isFalse();
    }

    @Test
    void anthropic_beta_reaches_an_anthropic_upstream_is_dropped_and_listed_elsewhere_and_a_bad_name_is_refused() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String body = "{\"model\": \"%s\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        given().header("Authorization", "Bearer " + t.secret()).header("anthropic-beta", "interleaved-thinking-2025-05-14, fine-grained-tool-streaming-2025-05-14")
                .header("anthropic-beta", "token-efficient-tools-2025-02-19").contentType("application/json")
                .body(body.formatted("switchboard/echo-anthropic")).post("/api/v1/messages").then().statusCode(200);
        assertThat(fake.lastRequest().header("anthropic-beta"))
                .isEqualTo("interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14,token-efficient-tools-2025-02-19");
        // without the header, none is sent
        post("/messages", t.secret(), body.formatted("switchboard/echo-anthropic")).then().statusCode(200);
        assertThat(fake.lastRequest().header("anthropic-beta")).isNull();
        // a Gemini upstream has no betas: the parameter is dropped and listed on the generation
        Response gemini = given().header("Authorization", "Bearer " + t.secret()).header("anthropic-beta", "interleaved-thinking-2025-05-14")
                .contentType("application/json").body(body.formatted("switchboard/echo-gemini")).post("/api/v1/messages");
        gemini.then().statusCode(200);
        flushed();
        assertThat(tenants().text("SELECT array_to_string(dropped_parameters, ',') FROM generations WHERE id = ?",
                gemini.header("X-Generation-Id"))).isEqualTo("anthropic_beta");
        // a malformed name: Anthropic's 400 shape, nothing sent upstream
        long before = fake.requests().size();
        given().header("Authorization", "Bearer " + t.secret()).header("anthropic-beta", "good-1, bad name")
                .contentType("application/json").body(body.formatted("switchboard/echo-anthropic")).post("/api/v1/messages")
                .then().statusCode(400).body("type", equalTo("error")).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", org.hamcrest.Matchers.containsString("anthropic-beta header"));
        assertThat(fake.requests().size()).isEqualTo(before);
    }

    @Test
    void messages_takes_anthropics_x_api_key_header_as_well_as_bearer_but_not_two_different_keys() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Tenants.Tenant other = tenant(TEN_DOLLARS);
        String body = "{\"model\": \"switchboard/echo\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        given().header("x-api-key", t.secret()).header("anthropic-version", "2023-06-01").contentType("application/json").body(body)
                .post("/api/v1/messages").then().statusCode(200).body("type", equalTo("message"));
        // the same key in both headers is one key
        given().header("x-api-key", t.secret()).header("Authorization", "Bearer " + t.secret()).contentType("application/json").body(body)
                .post("/api/v1/messages").then().statusCode(200);
        // two different keys: refused, neither is picked, nothing is spent
        given().header("x-api-key", other.secret()).header("Authorization", "Bearer " + t.secret()).contentType("application/json").body(body)
                .post("/api/v1/messages").then().statusCode(401).body("error.type", equalTo("authentication_error"))
                .body("error.message", equalTo("Two different API keys: the 'Authorization: Bearer' and 'x-api-key' headers disagree; send one key."));
        given().header("x-api-key", "sk-sb-v1-nope").contentType("application/json").body(body)
                .post("/api/v1/messages").then().statusCode(401).body("error.type", equalTo("authentication_error"));
        given().contentType("application/json").body(body).post("/api/v1/messages").then().statusCode(401)
                .body("error.message", equalTo("No API key: send the header 'x-api-key: sk-sb-v1-…' or 'Authorization: Bearer sk-sb-v1-…'."));
        // x-api-key is Anthropic's scheme, taken on /messages only
        given().header("x-api-key", t.secret()).contentType("application/json")
                .body("{\"model\": \"switchboard/echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/api/v1/chat/completions").then().statusCode(401).body("error.code", equalTo(401));
        flushed();
        assertThat(tenants().generationCount(t.organizationId())).isEqualTo(2);
        assertThat(tenants().generationCount(other.organizationId())).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"temperature\": -50      | temperature: must be between 0 and 2",
            "\"top_p\": 7              | top_p: must be between 0 and 1",
            "\"top_k\": -3             | top_k: must be an integer between 0 and 2147483647",
            "\"metadata\": {\"user_id\": \"\\u0000\"} | metadata.user_id: must not contain control characters (U+0000 at character 1)"})
    void messages_validates_like_chat_completions_and_answers_in_anthropic_shape(String field, String message) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String body = "{\"model\": \"switchboard/echo\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], " + field + "}";
        post("/messages", t.secret(), body).then().statusCode(400).contentType("application/json")
                .body("type", equalTo("error")).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo(message));
        post("/messages", t.secret(), "{\"model\": \"switchboard/echo\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]} garbage")
                .then().statusCode(400).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("body: has content after the JSON value"));
        flushed();
        assertThat(tenants().generationCount(t.organizationId())).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gen-99999999999999999-x", "gen-9223372036854775808-aB3dE5fG7hJ9kL1mN3pQ",
            "gen-99999999999999999999999999999999-aB3dE5fG7hJ9kL1mN3pQ", "gen--5-aB3dE5fG7hJ9kL1mN3pQ", "gen--aB3dE5fG7hJ9kL1mN3pQ",
            "gen-1767225600-", "gen-1767225600-%00", "gen-12x4-aB3dE5fG7hJ9kL1mN3pQ", "gen-", "nope", "gen-1767225600-aB3dE5fG7hJ9kL1mN3pQ"})
    void an_unknown_malformed_or_out_of_range_generation_id_is_a_404(String id) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        given().header("Authorization", "Bearer " + t.secret()).urlEncodingEnabled(false).get("/api/v1/generation?id=" + id)
                .then().statusCode(404).contentType("application/json").body("error.code", equalTo(404));
    }

    @Test
    void amounts_are_plain_decimals_never_exponents() {
        // $100, $0.5, $1.10 (a trailing zero) and 100 nano-USD
        for (long nanos : new long[] {100_000_000_000L, 500_000_000L, 1_100_000_000L, 100L}) {
            Tenants.Tenant t = tenant(nanos);
            String expected = new BigDecimal(nanos).movePointLeft(9).stripTrailingZeros().toPlainString();
            String credits = given().header("Authorization", "Bearer " + t.secret()).get("/api/v1/credits")
                    .then().statusCode(200).extract().asString();
            assertThat(credits).isEqualTo("{\"data\":{\"total_credits\":" + expected + ",\"total_usage\":0}}");
            Tenants.Key limited = tenants().addKey(t.organizationId(), nanos, "monthly");
            String key = given().header("Authorization", "Bearer " + limited.secret()).get("/api/v1/key")
                    .then().statusCode(200).extract().asString();
            assertThat(key).contains("\"limit\":" + expected + ",", "\"limit_remaining\":" + expected + ",").doesNotContain("E+", "E-");
        }
    }

    @Test
    void legacy_completions_answer_with_text_choices() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/completions", t.secret(), "{\"model\": \"switchboard/echo\", \"prompt\": \"Say hello to me\"}")
                .then().statusCode(200).body("object", equalTo("text_completion"))
                .body("choices[0].text", equalTo("Hello from echo. w1 w2 w3 w4 w5")).body("usage.prompt_tokens", equalTo(5));
    }

    @Test
    void embeddings_are_billed_by_prompt_tokens() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = post("/embeddings", t.secret(), "{\"model\": \"switchboard/echo-embed\", \"input\": [\"hello there\", \"general kenobi\"]}");
        r.then().statusCode(200).body("object", equalTo("list")).body("data.size()", equalTo(2))
                .body("data[0].object", equalTo("embedding")).body("model", equalTo("switchboard/echo-embed"));
        int tokens = r.jsonPath().getInt("usage.prompt_tokens");
        assertThat(tokens).isPositive();
        // $0.01875 per million tokens = 18 750 pico-USD per token, rounded once to nano-USD
        long expected = (tokens * 18_750L + 500) / 1000;
        assertThat(new BigDecimal(r.jsonPath().getString("usage.cost"))).isEqualByComparingTo(BigDecimal.valueOf(expected, 9));
        flushed();
        assertThat(tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", r.header("X-Generation-Id"))).isEqualTo(expected);
        post("/embeddings", t.secret(), "{\"model\": \"switchboard/echo\", \"input\": \"hi\"}").then().statusCode(400);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void the_public_catalog_lists_models_endpoints_and_providers_without_a_key() {
        given().get("/api/v1/models").then().statusCode(200).body("data.id", hasItem("switchboard/echo"))
                .body("total_count", equalTo(given().get("/api/v1/models").jsonPath().getList("data").size()));
        given().get("/api/v1/models").then().body("data.find { it.id == 'switchboard/echo' }.pricing.prompt", equalTo("0.00000125"));
        given().get("/api/v1/models/switchboard/echo-anthropic/endpoints").then().statusCode(200)
                .body("data.endpoints[0].provider_name", equalTo("Switchboard Fake (Anthropic format)"));
        given().get("/api/v1/models/nobody/nothing/endpoints").then().statusCode(404).body("error.code", equalTo(404));
        given().get("/api/v1/providers").then().statusCode(200).body("data.slug", hasItem("fake-gemini"));
        given().get("/api/v1/embeddings/models").then().statusCode(200).body("data.id", hasItem("switchboard/echo-embed"));
        given().get("/api/v1/no-such-thing").then().statusCode(404).body("error.code", equalTo(404));
    }
}
