package dev.switchboard.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import dev.switchboard.gateway.routing.health.HealthTracker;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing over real HTTP with the testkit's fake behind two providers of {@code switchboard/echo-routed}: Fake
 * (upstream {@code routed-a}, $1.25/$3.75 per M) and Fake B ({@code routed-b}, $0.50/$1.50, may retain prompts).
 * Faults are injected per upstream model; which provider served is read off the fake's request counts and the
 * generation.
 */
@QuarkusTest
class FallbackTest extends GatewayTestBase {

    private static final String MODEL = "switchboard/echo-routed";
    /** How many attempts a generation row records: the failed and served entries of its routing trace. */
    private static final String ATTEMPTS = "jsonb_array_length(jsonb_path_query_array(provider_responses, "
            + "'$.routing[*] ? (@.outcome == \"failed\" || @.outcome == \"served\")'))";

    /** Each test starts with healthy fakes and closed circuits (the tests fail endpoints on purpose). */
    @BeforeEach
    @AfterEach
    void clearFaults() {
        fake.faults().clearAll();
        health.reset(); // also before each test (GatewayTestBase); after, for other test classes
    }

    @Test
    void with_one_of_two_endpoints_down_every_request_succeeds_billed_once_with_the_failed_attempt_on_record() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().fail("routed-b", 503);
        long aBefore = fake.requestCount("routed-a");
        long bBefore = fake.requestCount("routed-b");
        for (int i = 0; i < 100; i++) {
            Response r = post("/chat/completions", t.secret(), body(null));
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            assertThat(r.jsonPath().getString("provider")).isEqualTo("Switchboard Fake (OpenAI format)");
        }
        assertThat(fake.requestCount("routed-a") - aBefore).isEqualTo(100);
        flushed();
        assertThat(tenants().generationCount(t.organizationId())).isEqualTo(100);
        assertThat(tenants().scalar("SELECT count(*) FROM generations WHERE organization_id = ? AND provider_id = 'fake' AND status = 200",
                t.organizationId())).isEqualTo(100);
        long fellOver = tenants().scalar("SELECT count(*) FROM generations WHERE organization_id = ? "
                + "AND " + ATTEMPTS + " = 2", t.organizationId());
        // routed-b is chosen first ~86 % of the time (1/price²); after five failures in a row its circuit opens and
        // the rest go straight to routed-a (a half-open probe now and then may still fail over)
        assertThat(fellOver).isGreaterThanOrEqualTo(5).isEqualTo(fake.requestCount("routed-b") - bBefore).isLessThan(20);
        // every generation is billed at the serving provider's price, once
        long each = tenants().scalar("SELECT max(cost_nanos) FROM generations WHERE organization_id = ?", t.organizationId());
        assertThat(tenants().generationCostSum(t.organizationId())).isEqualTo(100 * each);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void the_generation_lists_the_failed_attempt_and_the_routing_trace() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().fail("routed-b", 503);
        Response r = post("/chat/completions", t.secret(), body("\"provider\": {\"order\": [\"fake-b\", \"fake\"]}"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        JsonPath g = given().header("Authorization", "Bearer " + t.secret()).queryParam("id", r.header("X-Generation-Id"))
                .get("/api/v1/generation").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> attempts = g.getList("data.provider_responses");
        assertThat(attempts).extracting(a -> a.get("provider_name")).containsExactly("Switchboard Fake B (OpenAI format)", "Switchboard Fake (OpenAI format)");
        assertThat(attempts).extracting(a -> a.get("status")).containsExactly(503, 200);
        assertThat((String) attempts.getFirst().get("error")).contains("Fake B");
        assertThat(g.getList("data.routing.outcome")).containsExactly("failed", "served");
        assertThat(g.getString("data.provider_name")).isEqualTo("Switchboard Fake (OpenAI format)");
    }

    @Test
    void without_fallbacks_the_upstream_error_comes_back() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().fail("routed-b", 503);
        long aBefore = fake.requestCount("routed-a");
        Response r = post("/chat/completions", t.secret(), body("\"provider\": {\"order\": [\"fake-b\"], \"allow_fallbacks\": false}"));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.jsonPath().getString("error.message")).contains("Fake B");
        assertThat(r.jsonPath().getInt("error.metadata.upstream_status")).isEqualTo(503);
        assertThat(fake.requestCount("routed-a")).isEqualTo(aBefore);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void only_ignore_data_collection_and_max_price_decide_which_provider_is_called() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        assertServedBy(t, "\"provider\": {\"only\": [\"fake\"]}", "routed-a");
        assertServedBy(t, "\"provider\": {\"ignore\": [\"Fake\"]}", "routed-b");
        assertServedBy(t, "\"provider\": {\"data_collection\": \"deny\"}", "routed-a");
        assertServedBy(t, "\"provider\": {\"max_price\": {\"prompt\": 1}}", "routed-b");
        assertServedBy(t, "\"provider\": {\"sort\": \"price\"}", "routed-b");
        assertServedBy(t, "\"provider\": {\"order\": [\"fake\"]}", "routed-a");
    }

    @Test
    void a_request_no_endpoint_matches_is_a_404_naming_each_endpoint() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response r = post("/chat/completions", t.secret(), body("\"provider\": {\"only\": [\"fake\"], \"data_collection\": \"deny\", "
                + "\"max_price\": {\"completion\": 2}}"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(404);
        assertThat(r.jsonPath().getString("error.message")).contains("Fake B").contains("provider.only").contains("max_price.completion");
        assertThat(r.jsonPath().getMap("error.metadata.removed_endpoints")).hasSize(2);
        assertThat(tenants().generationCount(t.organizationId())).isZero();
    }

    @Test
    void the_models_list_falls_over_to_the_next_model_and_the_response_names_it() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().fail("routed-a", 500).fail("routed-b", 502);
        Response r = post("/chat/completions", t.secret(), body("\"models\": [\"switchboard/echo\"]"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("model")).isEqualTo("switchboard/echo");
        flushed();
        assertThat(tenants().text("SELECT model_id FROM generations WHERE organization_id = ?", t.organizationId()))
                .isEqualTo("switchboard/echo");
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void a_stream_whose_first_endpoint_answers_429_after_a_keep_alive_comment_still_falls_over() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().slow("routed-b", 700).fail("routed-b", 429);
        Response r = post("/chat/completions", t.secret(), body("\"stream\": true, \"provider\": {\"order\": [\"fake-b\", \"fake\"]}"));
        String sse = r.asString();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sse).startsWith(": OPENROUTER PROCESSING").contains("\"provider\":\"Switchboard Fake (OpenAI format)\"")
                .contains("routed-a").contains("[DONE]").doesNotContain("\"error\"").doesNotContain("Fake B").doesNotContain("routed-b");
        flushed();
        assertThat(tenants().text("SELECT provider_id FROM generations WHERE organization_id = ?", t.organizationId())).isEqualTo("fake");
        assertThat(tenants().scalar("SELECT " + ATTEMPTS + " FROM generations WHERE organization_id = ?",
                t.organizationId())).isEqualTo(2);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void a_429_with_retry_after_on_the_only_endpoint_is_retried_after_the_delay() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().failNext("routed-b", 429, 1).retryAfter("routed-b", 1);
        long before = fake.requestCount("routed-b");
        Response r = post("/chat/completions", t.secret(), body("\"provider\": {\"only\": [\"fake-b\"]}"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(fake.requestCount("routed-b") - before).isEqualTo(2);
        flushed();
        assertThat(tenants().scalar("SELECT " + ATTEMPTS + " FROM generations WHERE organization_id = ?",
                t.organizationId())).isEqualTo(2);
    }

    @Test
    void a_failure_after_content_started_ends_the_stream_with_an_error_and_no_fallback() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().midstreamError("routed-b");
        long aBefore = fake.requestCount("routed-a");
        Response r = post("/chat/completions", t.secret(), body("\"stream\": true, \"provider\": {\"order\": [\"fake-b\", \"fake\"]}"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).contains("\"error\"");
        assertThat(fake.requestCount("routed-a")).isEqualTo(aBefore);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void a_hanging_endpoint_times_out_and_the_next_one_serves() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().hang("routed-b");
        Response r = post("/chat/completions", t.secret(), body("\"provider\": {\"order\": [\"fake-b\", \"fake\"]}"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("provider")).isEqualTo("Switchboard Fake (OpenAI format)");
        flushed();
        assertThat(tenants().text("SELECT jsonb_path_query_first(provider_responses, '$.routing[*] ? (@.outcome == \"failed\")')->>'status' FROM generations WHERE organization_id = ?",
                t.organizationId())).isEqualTo("408");
    }

    @Test
    void a_malformed_answer_falls_over_but_a_request_the_provider_calls_invalid_does_not() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().malformed("routed-b");
        Response r = post("/chat/completions", t.secret(), body("\"provider\": {\"order\": [\"fake-b\", \"fake\"]}"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        fake.faults().clearAll().fail("routed-b", 400);
        long aBefore = fake.requestCount("routed-a");
        Response invalid = post("/chat/completions", t.secret(), body("\"provider\": {\"order\": [\"fake-b\", \"fake\"]}"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(fake.requestCount("routed-a")).as("the client's mistake is not retried elsewhere").isEqualTo(aBefore);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void a_model_whose_providers_call_the_request_invalid_gives_way_to_the_next_model() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().fail("routed-a", 400).fail("routed-b", 400);
        Response r = post("/chat/completions", t.secret(), body("\"models\": [\"switchboard/echo\"], \"provider\": {\"sort\": \"price\"}"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("model")).isEqualTo("switchboard/echo");
        JsonPath g = given().header("Authorization", "Bearer " + t.secret()).queryParam("id", r.header("X-Generation-Id"))
                .get("/api/v1/generation").then().statusCode(200).extract().jsonPath();
        assertThat(g.getList("data.routing.outcome")).containsExactly("failed", "skipped", "served");
        Response embeddings = post("/embeddings", t.secret(), "{\"model\": \"switchboard/echo-embed\", \"models\": [\"a/b\"], \"input\": \"x\"}");
        assertThat(embeddings.statusCode()).isEqualTo(400);
        assertThat(embeddings.jsonPath().getString("error.message")).startsWith("models:");
    }

    @Test
    void embeddings_fall_over_to_the_second_provider_too() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().fail("echo-embed", 503).fail("echo-embed-b", 503);
        Response down = post("/embeddings", t.secret(), "{\"model\": \"switchboard/echo-embed\", \"input\": \"hello\"}");
        assertThat(down.statusCode()).isEqualTo(502);
        fake.faults().clear("echo-embed-b");
        long before = fake.requestCount("echo-embed-b");
        Response r = post("/embeddings", t.secret(), "{\"model\": \"switchboard/echo-embed\", \"input\": \"hello\", "
                + "\"provider\": {\"order\": [\"fake\", \"fake-b\"]}}");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("provider")).isEqualTo("Switchboard Fake B (OpenAI format)");
        assertThat(fake.requestCount("echo-embed-b") - before).isEqualTo(1);
        flushed();
        assertThat(tenants().scalar("SELECT count(*) FROM generations WHERE organization_id = ? AND status = 200", t.organizationId()))
                .isEqualTo(1);
        assertLedgerInvariants(t.organizationId());
    }

    private void assertServedBy(Tenants.Tenant t, String extra, String upstream) {
        long before = fake.requestCount(upstream);
        for (int i = 0; i < 5; i++) {
            Response r = post("/chat/completions", t.secret(), body(extra));
            assertThat(r.statusCode()).as(extra + ": " + r.asString()).isEqualTo(200);
        }
        assertThat(fake.requestCount(upstream) - before).as(extra).isEqualTo(5);
    }

    private static String body(String extra) {
        return "{\"model\": \"" + MODEL + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Say hello to me\"}]"
                + (extra == null ? "" : ", " + extra) + "}";
    }
}
