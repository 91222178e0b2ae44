package dev.switchboard.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.switchboard.gateway.catalog.CatalogLoader;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.RawHttp;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every error path answers in the OpenRouter envelope with HTTP status = code, and bad input changes no
 * balance and writes no generation.
 */
@QuarkusTest
class ErrorsTest extends GatewayTestBase {

    @Inject
    CatalogLoader catalogLoader;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"model\": \"switchboard/echo\", \"messages\": [}                                        | body",
            "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}                              | model",
            "{\"model\": \"switchboard/echo\"}                                                          | messages",
            "{\"model\": \"switchboard/echo\", \"messages\": [{\"role\": \"robot\", \"content\": \"hi\"}]} | messages[0].role",
            "{\"model\": \"switchboard/echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": \"hot\"} | temperature",
            "{\"model\": \"switchboard/echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": -3}     | max_tokens",
            "{\"model\": \"switchboard/echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": \"yes\"}   | stream"
    })
    void names_the_field_of_a_malformed_request_and_changes_nothing(String body, String field) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), body).then().statusCode(400).contentType("application/json")
                .body("error.code", equalTo(400)).body("error.message", containsString(field));
        assertNothingChanged(t);
    }

    @Test
    void answers_401_without_a_key_with_a_malformed_key_and_with_an_unknown_key() {
        given().contentType("application/json").body(chat("switchboard/echo", "hi")).post("/api/v1/chat/completions")
                .then().statusCode(401).body("error.code", equalTo(401));
        post("/chat/completions", "sk-or-v1-notours", chat("switchboard/echo", "hi")).then().statusCode(401);
        post("/chat/completions", "sk-sb-v1-" + "0".repeat(64), chat("switchboard/echo", "hi"))
                .then().statusCode(401).body("error.message", containsString("Invalid API key"));
    }

    @Test
    void answers_402_naming_the_numbers_when_the_credit_cannot_cover_the_worst_case() {
        Tenants.Tenant t = tenant(10_000); // $0.00001
        post("/chat/completions", t.secret(), chat("switchboard/echo", "Say hello to me")).then().statusCode(402)
                .body("error.code", equalTo(402))
                .body("error.message", containsString("can cost up to $"))
                .body("error.message", containsString("$0.00001 available"))
                .body("error.metadata.required_usd", notNullValue());
        assertNothingChanged(t);
        assertThat(tenants().balance(t.organizationId())).isEqualTo(10_000);
        Tenants.Tenant poorer = tenant(100); // $0.0000001: plain in the metadata, never 1E-7
        post("/chat/completions", poorer.secret(), chat("switchboard/echo", "Say hello to me")).then().statusCode(402)
                .body(containsString("\"available_usd\":0.0000001")).body(containsString("\"balance_usd\":0.0000001"));
    }

    @Test
    void answers_404_for_an_unknown_model() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat("nobody/no-such-model", "hi")).then().statusCode(404)
                .body("error.code", equalTo(404)).body("error.message", containsString("nobody/no-such-model"));
        assertNothingChanged(t);
    }

    @Test
    void answers_408_when_the_provider_sends_nothing_in_time_and_charges_nothing() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi [[hang]]")).then().statusCode(408)
                .body("error.code", equalTo(408)).body("error.metadata.provider_name", equalTo("Switchboard Fake (OpenAI format)"));
        flushed();
        assertThat(tenants().generationCount(t.organizationId())).isEqualTo(1);
        assertThat(tenants().balance(t.organizationId())).isEqualTo(TEN_DOLLARS);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void answers_413_for_a_body_over_the_limit() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String huge = chat("switchboard/echo", "x".repeat(1_100_000)); // the test profile's limit is 1 MiB
        post("/chat/completions", t.secret(), huge).then().statusCode(413).body("error.code", equalTo(413));
        assertNothingChanged(t);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo", "switchboard/echo-anthropic", "switchboard/echo-gemini"})
    void answers_429_with_retry_after_and_keeps_the_providers_reason(String model) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat(model, "hi [[error:429]]")).then().statusCode(429)
                .header("Retry-After", equalTo("1"))
                .body("error.code", equalTo(429))
                .body("error.metadata.upstream_status", equalTo(429))
                .body("error.metadata.raw", notNullValue());
        flushed();
        assertThat(tenants().scalar("SELECT count(*) FROM generations WHERE organization_id = ? AND status = 429", t.organizationId())).isEqualTo(1);
        assertThat(tenants().balance(t.organizationId())).isEqualTo(TEN_DOLLARS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"switchboard/echo", "switchboard/echo-anthropic", "switchboard/echo-gemini"})
    void answers_502_for_an_unreadable_provider_response_with_the_reason_in_metadata(String model) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat(model, "hi [[malformed]]")).then().statusCode(502)
                .body("error.code", equalTo(502)).body("error.metadata.error_type", equalTo("bad_response"));
        post("/chat/completions", t.secret(), chat(model, "hi [[error:500]]")).then().statusCode(502)
                .body("error.metadata.upstream_status", equalTo(500));
        assertThat(tenants().balance(t.organizationId())).isEqualTo(TEN_DOLLARS);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void answers_400_with_the_providers_reason_when_the_provider_rejects_the_request() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat("switchboard/echo-anthropic", "hi [[error:400]]")).then().statusCode(400)
                .body("error.metadata.provider_name", equalTo("Switchboard Fake (Anthropic format)"))
                .body("error.metadata.upstream_code", equalTo("invalid_request_error"));
    }

    @Test
    void require_parameters_keeps_a_request_away_from_endpoints_that_would_drop_its_parameters() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String withSeed = """
                {"model": "switchboard/echo-anthropic", "seed": 7, %s "messages": [{"role": "user", "content": "hi"}]}""";
        // by default an unsupported parameter is dropped, and the drop is recorded on the generation
        String id = post("/chat/completions", t.secret(), withSeed.formatted("")).then().statusCode(200).extract().header("X-Generation-Id");
        flushed();
        assertThat(tenants().text("SELECT array_to_string(dropped_parameters, ',') FROM generations WHERE id = ?", id)).contains("seed");
        // with require_parameters the endpoint is removed, and the error says why
        post("/chat/completions", t.secret(), withSeed.formatted("\"provider\": {\"require_parameters\": true},")).then().statusCode(400)
                .body("error.message", containsString("does not support seed (provider.require_parameters is true)"));
    }

    @Test
    void a_body_that_is_not_json_is_explained_in_the_clients_terms() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String valid = chat("switchboard/echo", "hi");
        post("/chat/completions", t.secret(), valid + " trailing").then().statusCode(400).contentType("application/json")
                .body("error.message", equalTo("body: has content after the JSON value")).body("error.metadata.field", equalTo("body"));
        String bad = post("/chat/completions", t.secret(), "{\"model\": \"switchboard/echo\", x}").then().statusCode(400)
                .body("error.message", equalTo("body: is not valid JSON at line 1, column 31: unexpected character 'x'; "
                        + "expected a field name in double quotes")).extract().asString();
        assertThat(bad).doesNotContain("`", "Source", "REDACTED", "Feature");
        post("/embeddings", t.secret(), "{\"model\": \"switchboard/echo-embed\", \"input\": \"a\"}}").then().statusCode(400)
                .body("error.message", equalTo("body: has content after the JSON value"));
        post("/chat/completions", t.secret(), "[".repeat(1500)).then().statusCode(400)
                .body("error.message", equalTo("body: nests deeper than 1000 levels"));
        assertNothingChanged(t);
    }

    @Test
    void refuses_client_strings_it_could_not_store_with_a_400_naming_the_field_on_every_inference_route() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), """
                {"model": "switchboard/echo", "user": "bob\\u0000", "messages": [{"role": "user", "content": "hi"}]}""")
                .then().statusCode(400).body("error.metadata.field", equalTo("user"))
                .body("error.message", equalTo("user: must not contain control characters (U+0000 at character 4)"));
        post("/chat/completions", t.secret(), """
                {"model": "switchboard/echo", "metadata": {"k": 1}, "messages": [{"role": "user", "content": "hi"}]}""")
                .then().statusCode(400).body("error.metadata.field", equalTo("metadata.k"));
        given().header("Authorization", "Bearer " + t.secret()).header("X-Title", "t".repeat(201))
                .contentType("application/json").body(chat("switchboard/echo", "hi")).post("/api/v1/chat/completions")
                .then().statusCode(400).body("error.metadata.field", equalTo("X-Title header"))
                .body("error.message", equalTo("X-Title header: must be at most 200 characters (it has 201)"));
        given().header("Authorization", "Bearer " + t.secret()).header("X-OpenRouter-Title", "t".repeat(201))
                .contentType("application/json").body("{\"model\": \"switchboard/echo\", \"prompt\": \"hi\"}").post("/api/v1/completions")
                .then().statusCode(400).body("error.metadata.field", equalTo("X-OpenRouter-Title header"));
        given().header("Authorization", "Bearer " + t.secret()).header("HTTP-Referer", "https://x.example/" + "p".repeat(483))
                .contentType("application/json").body("{\"model\": \"switchboard/echo-embed\", \"input\": \"hi\"}").post("/api/v1/embeddings")
                .then().statusCode(400).body("error.message", equalTo("HTTP-Referer header: must be at most 500 characters (it has 501)"));
        given().header("Authorization", "Bearer " + t.secret()).header("X-Title", "t".repeat(201))
                .contentType("application/json").body("{\"model\": \"switchboard/echo\", \"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/api/v1/messages").then().statusCode(400).body("type", equalTo("error"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", equalTo("X-Title header: must be at most 200 characters (it has 201)"));
        assertNothingChanged(t);
        // at the limits, everything is recorded as sent
        String title = "T".repeat(200);
        String referer = "https://x.example/" + "p".repeat(482);
        String id = given().header("Authorization", "Bearer " + t.secret()).header("X-Title", title).header("HTTP-Referer", referer)
                .contentType("application/json").body("""
                        {"model": "switchboard/echo", "user": "%s", "messages": [{"role": "user", "content": "hi"}]}""".formatted("u".repeat(256)))
                .post("/api/v1/chat/completions").then().statusCode(200).extract().header("X-Generation-Id");
        flushed();
        assertThat(tenants().text("SELECT app_title FROM generations WHERE id = ?", id)).isEqualTo(title);
        assertThat(tenants().text("SELECT app_referer FROM generations WHERE id = ?", id)).isEqualTo(referer);
    }

    @Test
    void a_provider_that_cannot_be_reached_is_named_without_its_address_which_only_the_generation_keeps() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path catalog = Files.createTempFile("dead-provider", ".yaml");
        Files.writeString(catalog, """
                providers:
                  - id: dead
                    name: Dead Provider
                    api: openai
                    base_url: http://127.0.0.1:%d/v1
                models:
                  - id: test/dead
                    name: Dead
                    context_length: 8000
                    endpoints:
                      - provider: dead
                        upstream_model: dead-1
                        pricing: {prompt: 1, completion: 1}
                        supported_parameters: [max_tokens]
                """.formatted(closedPort));
        try {
            catalogLoader.load(catalog.toString());
            Tenants.Tenant t = tenant(TEN_DOLLARS);
            String body = post("/chat/completions", t.secret(), chat("test/dead", "hi")).then().statusCode(502)
                    .body("error.metadata.provider_name", equalTo("Dead Provider"))
                    .body("error.metadata.upstream_code", equalTo("connect_failed"))
                    .body("error.message", equalTo("Dead Provider failed: could not connect (connection refused)"))
                    .extract().asString();
            assertThat(body).doesNotContain("127.0.0.1", String.valueOf(closedPort));
            flushed();
            String recorded = tenants().text("SELECT error_message FROM generations WHERE organization_id = ?", t.organizationId());
            assertThat(recorded).startsWith("Dead Provider failed: could not connect (connection refused)")
                    .contains("127.0.0.1:" + closedPort);
            assertThat(tenants().balance(t.organizationId())).isEqualTo(TEN_DOLLARS);
        } finally {
            catalogLoader.loadConfigured();
            Files.delete(catalog);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1100000", "20000000", "9223372036854775807"})
    void a_content_length_over_the_limit_is_a_413_in_the_envelope_before_any_byte_of_the_body(long length) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        RawHttp.Response r = RawHttp.exchange(port, "POST /api/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + t.secret() + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n");
        assertEnvelope(r, 413);
        assertThat(r.body()).contains("over the gateway's limit of 1048576 bytes");
        if (length > 4L << 20) {
            // more than the gateway would read and throw away to let the client see the answer: the connection ends
            assertThat(r.header("Connection")).isEqualTo("close");
        }
        RawHttp.Response messages = RawHttp.exchange(port, "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n");
        assertThat(messages.status()).isEqualTo(413);
        assertThat(messages.body()).contains("\"type\":\"request_too_large\"");
        assertNothingChanged(t);
    }

    /*
     * Headers too large and a bad header byte are answered by Vert.x's HTTP/1 decoder before any route runs, with no
     * body, and Quarkus 3.30 has no hook to change that (docs/api-errors.md, "Answers without a body"). These pin
     * the status, and that the client is answered rather than left waiting.
     */
    @Test
    void headers_too_large_are_a_431_and_a_request_line_too_long_a_414_from_the_http_layer() {
        String big = "X-Big: " + "a".repeat(40_000) + "\r\n";
        assertThat(RawHttp.exchange(port, "GET /api/v1/models HTTP/1.1\r\nHost: localhost\r\n" + big + "\r\n").status()).isEqualTo(431);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            many.append("X-Header-").append(i).append(": ").append("v".repeat(100)).append("\r\n");
        }
        assertThat(RawHttp.exchange(port, "GET /api/v1/models HTTP/1.1\r\nHost: localhost\r\n" + many + "\r\n").status()).isEqualTo(431);
        assertThat(RawHttp.exchange(port, "GET /api/v1/models?x=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n").status())
                .isEqualTo(414);
    }

    @ParameterizedTest(name = "{index}")
    @CsvSource(delimiter = '|', value = {"X-Bad Name: x", "X-Ctl\u0001: x", "X-Value: a\u0000b", "X-Value: a\u001Bb", "X-Value: a\u007Fb",
            "Content-Length: abc"})
    void a_bad_header_byte_is_a_400_from_the_http_layer(String header) {
        assertThat(RawHttp.exchange(port, "GET /api/v1/models HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\n\r\n").status()).isEqualTo(400);
    }

    private static void assertEnvelope(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/json");
        assertThat(r.body()).as(r.toString()).startsWith("{\"error\":{\"code\":" + status + ",\"message\":\"");
    }

    private void assertNothingChanged(Tenants.Tenant t) {
        flushed();
        assertThat(tenants().generationCount(t.organizationId())).isZero();
        assertThat(tenants().usageEntriesSum(t.organizationId())).isZero();
    }
}
