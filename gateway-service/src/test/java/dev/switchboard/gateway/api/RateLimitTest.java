package dev.switchboard.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A key's rate limits as a client meets them: the headers on every answer, the 429 in each API's error shape with
 * Retry-After, nothing charged or recorded for a refusal, and a key's settings applied at once (NOTIFY). The test
 * profile counts in memory; RedisRateLimitTest and RateLimitReplicasIT count in Redis.
 */
@QuarkusTest
class RateLimitTest extends GatewayTestBase {

    @Test
    void a_key_limited_to_two_requests_a_minute_gets_two_then_429_with_retry_after() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        limit(t, 2, null);

        Response first = post("/chat/completions", t.secret(), chat("switchboard/echo", "hi"));
        first.then().statusCode(200);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("1");
        long reset = Long.parseLong(first.header("X-RateLimit-Reset"));
        assertThat(reset - System.currentTimeMillis()).as("Unix milliseconds, when the limit is whole again").isBetween(20_000L, 31_000L);
        assertThat(first.header("x-ratelimit-limit-requests")).isEqualTo("2");
        assertThat(first.header("x-ratelimit-remaining-requests")).isEqualTo("1");
        assertThat(first.header("x-ratelimit-reset-requests")).matches("(29|30)(\\.\\d+)?s");

        Response second = post("/chat/completions", t.secret(), chat("switchboard/echo", "hi"));
        second.then().statusCode(200);
        assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("0");

        Response refused = post("/chat/completions", t.secret(), chat("switchboard/echo", "hi"));
        refused.then().statusCode(429);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(29, 30);
        assertThat(Long.parseLong(refused.header("retry-after-ms"))).isBetween(28_000L, 30_000L);
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        JsonPath error = refused.jsonPath();
        assertThat(error.getInt("error.code")).isEqualTo(429);
        assertThat(error.getString("error.message")).startsWith("Rate limit exceeded: this API key may make 2 requests per minute");
        assertThat(error.getString("error.metadata.limit")).isEqualTo("key_requests_per_minute");
        assertThat(error.getInt("error.metadata.retry_after_seconds")).isBetween(29, 30);

        flushed();
        assertThat(tenants().generationCount(t.organizationId())).as("a refusal is no generation").isEqualTo(2);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void other_apis_refuse_in_their_own_shape() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        limit(t, 1, null);
        post("/embeddings", t.secret(), """
                {"model": "switchboard/echo-embed", "input": "one"}""").then().statusCode(200);

        Response messages = given().header("x-api-key", t.secret()).header("anthropic-version", "2023-06-01")
                .contentType("application/json")
                .body("""
                        {"model": "switchboard/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "hi"}]}""")
                .post("/api/v1/messages");
        messages.then().statusCode(429);
        assertThat(messages.jsonPath().getString("type")).isEqualTo("error");
        assertThat(messages.jsonPath().getString("error.type")).isEqualTo("rate_limit_error");
        assertThat(messages.header("Retry-After")).isNotNull();

        Response embeddings = post("/embeddings", t.secret(), """
                {"model": "switchboard/echo-embed", "input": "two"}""");
        embeddings.then().statusCode(429);
        assertThat(embeddings.jsonPath().getString("error.metadata.limit")).isEqualTo("key_requests_per_minute");
    }

    @Test
    void a_token_limit_lets_a_request_through_while_a_token_is_left_and_counts_its_tokens_after() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        limit(t, null, 10L);
        Response first = post("/chat/completions", t.secret(), chat("switchboard/echo", "a prompt well over ten tokens long, so "
                + "that this one request takes the key past its minute"));
        first.then().statusCode(200);
        assertThat(first.header("x-ratelimit-remaining-tokens")).as("admission moves no token").isEqualTo("10");
        assertThat(first.header("X-RateLimit-Limit")).as("no request limit: the token limit is the one met first").isEqualTo("10");

        Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            Response refused = post("/chat/completions", t.secret(), chat("switchboard/echo", "hi"));
            refused.then().statusCode(429);
            assertThat(refused.jsonPath().getString("error.metadata.limit")).isEqualTo("key_tokens_per_minute");
            assertThat(refused.jsonPath().getString("error.message")).contains("may use 10 tokens per minute");
            assertThat(refused.header("x-ratelimit-remaining-tokens")).isEqualTo("0");
        });
    }

    @Test
    void a_changed_setting_applies_at_once_and_a_key_without_limits_gets_no_headers() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Response unlimited = post("/chat/completions", t.secret(), chat("switchboard/echo", "hi"));
        unlimited.then().statusCode(200);
        assertThat(unlimited.header("X-RateLimit-Limit")).isNull();
        assertThat(given().header("Authorization", "Bearer " + t.secret()).get("/api/v1/key").jsonPath().getInt("data.rate_limit.requests"))
                .isEqualTo(-1);

        limit(t, 1, null);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(200);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(429);
        JsonPath key = given().header("Authorization", "Bearer " + t.secret()).get("/api/v1/key").jsonPath();
        assertThat(key.getInt("data.rate_limit.requests")).isEqualTo(1);
        assertThat(key.getString("data.rate_limits[0].name")).isEqualTo("key_requests_per_minute");

        limit(t, 100, null); // raised: the key's count is kept, and it fits again
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(200);
    }

    /** Sets the key's own limits and waits until the gateway has them (the key's NOTIFY drops it from the cache). */
    private void limit(Tenants.Tenant t, Integer rpm, Long tpm) {
        tenants().exec("UPDATE api_keys SET rate_limit_rpm = ?, rate_limit_tpm = ? WHERE id = ?", rpm, tpm, t.keyId());
        long expected = rpm == null ? -1 : rpm;
        int count = (rpm == null ? 0 : 1) + (tpm == null ? 0 : 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonPath key = given().header("Authorization", "Bearer " + t.secret()).get("/api/v1/key").jsonPath();
            assertThat(key.getLong("data.rate_limit.requests")).isEqualTo(expected);
            assertThat(key.getList("data.rate_limits")).hasSize(count);
        });
    }
}
