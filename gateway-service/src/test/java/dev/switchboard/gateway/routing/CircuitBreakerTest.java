package dev.switchboard.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.gateway.routing.health.HealthTracker;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker through the whole request path: an endpoint that keeps failing is taken out (requests stop
 * reaching it and fall straight to the other provider), a half-open probe goes through after the back-off (1 s in
 * tests), and a successful probe puts it back.
 */
@QuarkusTest
class CircuitBreakerTest extends GatewayTestBase {

    private static final String ORDERED = """
            {"model": "switchboard/echo-routed", "messages": [{"role": "user", "content": "Say hello to me"}],
             "provider": {"order": ["fake-b", "fake"]}}""";

    @BeforeEach
    @AfterEach
    void healthy() {
        fake.faults().clearAll();
        health.reset(); // also before each test (GatewayTestBase); after, for other test classes
    }

    @Test
    void the_breaker_opens_after_repeated_failures_probes_after_the_back_off_and_closes_on_success() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().fail("routed-b", 503);
        long before = fake.requestCount("routed-b");
        for (int i = 0; i < 5; i++) {
            assertThat(post("/chat/completions", t.secret(), ORDERED).statusCode()).isEqualTo(200);
        }
        assertThat(fake.requestCount("routed-b") - before).as("five failures in a row reached Fake B").isEqualTo(5);

        // open: Fake B is skipped without being called, and the generation says why
        Response skipped = post("/chat/completions", t.secret(), ORDERED);
        assertThat(skipped.statusCode()).isEqualTo(200);
        assertThat(fake.requestCount("routed-b") - before).isEqualTo(5);
        List<Map<String, Object>> routing = generation(t, skipped).getList("data.routing");
        assertThat(routing.getFirst()).containsEntry("outcome", "skipped").containsEntry("provider_name", "Switchboard Fake B (OpenAI format)");
        assertThat((String) routing.getFirst().get("reason")).contains("circuit");
        assertThat(generation(t, skipped).getList("data.provider_responses")).hasSize(1);

        // Fake B recovers; after the back-off one probe goes through, succeeds, and closes the circuit
        fake.faults().clearAll();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                "Switchboard Fake B (OpenAI format)".equals(post("/chat/completions", t.secret(), ORDERED).jsonPath().getString("provider")));
        long closed = fake.requestCount("routed-b");
        for (int i = 0; i < 3; i++) {
            assertThat(post("/chat/completions", t.secret(), ORDERED).jsonPath().getString("provider"))
                    .isEqualTo("Switchboard Fake B (OpenAI format)");
        }
        assertThat(fake.requestCount("routed-b") - closed).isEqualTo(3);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void when_every_endpoint_is_open_the_answer_is_503_with_the_wait_and_nothing_is_called_or_billed() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        fake.faults().fail("routed-a", 500).fail("routed-b", 503);
        for (int i = 0; i < 5; i++) {
            assertThat(post("/chat/completions", t.secret(), ORDERED).statusCode()).isEqualTo(502);
        }
        long calls = fake.requestCount("routed-a") + fake.requestCount("routed-b");
        flushed();
        long generations = tenants().generationCount(t.organizationId());

        Response r = post("/chat/completions", t.secret(), ORDERED);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
        assertThat(r.jsonPath().getString("error.message")).contains("circuit");
        assertThat(r.jsonPath().getInt("error.metadata.retry_after_seconds")).isPositive();
        assertThat(fake.requestCount("routed-a") + fake.requestCount("routed-b")).isEqualTo(calls);
        flushed();
        assertThat(tenants().generationCount(t.organizationId())).isEqualTo(generations);
        assertLedgerInvariants(t.organizationId());
    }

    private static JsonPath generation(Tenants.Tenant t, Response r) {
        return given().header("Authorization", "Bearer " + t.secret()).queryParam("id", r.header("X-Generation-Id"))
                .get("/api/v1/generation").then().statusCode(200).extract().jsonPath();
    }
}
