package dev.switchboard.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.RawHttp;
import dev.switchboard.gateway.support.SseClient;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The acceptance burst of the hardening: several organizations, concurrently, every inference route plain and
 * streamed, mixed with every input the gateway refuses (control characters in what it records, over-long
 * values, out-of-range sampling, bad JSON, bad keys, unknown models, a failing provider). Afterwards, for every
 * organization: balance = Σ ledger, Σ usage entries = −Σ generation costs (nothing parked), and the costs the
 * clients were told for their 200s add up to exactly what the ledger charged. Refused input charged nothing.
 */
@QuarkusTest
class MixedBurstTest extends GatewayTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request of the burst: what it sends, what status it must get, and how its reported cost is read. */
    private record Shot(String name, int expectedStatus, Callable<Long> send) {
    }

    @Test
    void after_a_mixed_burst_every_organization_reconciles_to_the_nano_dollar() throws Exception {
        List<Tenants.Tenant> organizations = List.of(tenant(TEN_DOLLARS), tenant(TEN_DOLLARS), tenant(TEN_DOLLARS));
        Map<Tenants.Tenant, AtomicLong> reported = new ConcurrentHashMap<>();
        List<Future<String>> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 4; round++) {
                for (Tenants.Tenant t : organizations) {
                    AtomicLong sum = reported.computeIfAbsent(t, x -> new AtomicLong());
                    for (Shot shot : shots(t)) {
                        outcomes.add(pool.submit(() -> {
                            Long cost;
                            try {
                                cost = shot.send().call();
                            } catch (AssertionError e) {
                                throw new AssertionError(shot.name() + ": " + e.getMessage(), e);
                            }
                            if (cost != null) {
                                sum.addAndGet(cost);
                            }
                            return shot.name();
                        }));
                    }
                }
            }
            for (Future<String> outcome : outcomes) {
                outcome.get();
            }
        } finally {
            pool.shutdownNow(); // after a failure, nothing of this burst may run on into the next test
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        flushed();

        Tenants db = tenants();
        for (Tenants.Tenant t : organizations) {
            assertLedgerInvariants(t.organizationId());
            assertThat(db.parkedCostSum(t.organizationId())).as("nothing parked").isZero();
            assertThat(-db.usageEntriesSum(t.organizationId())).as("Σ costs reported with a 200 = Σ usage charged")
                    .isEqualTo(reported.get(t).get()).isPositive();
            assertThat(db.balance(t.organizationId())).isEqualTo(TEN_DOLLARS - reported.get(t).get());
        }
    }

    private List<Shot> shots(Tenants.Tenant t) {
        String nul = "\\u0000";
        return List.of(
                new Shot("chat", 200, () -> chatCost(post("/chat/completions", t.secret(), chat("switchboard/echo", "Say hello")), 200)),
                new Shot("chat anthropic upstream", 200,
                        () -> chatCost(post("/chat/completions", t.secret(), chat("switchboard/echo-anthropic", "Say hello")), 200)),
                new Shot("chat stream", 200, () -> streamCost(t, """
                        {"model": "switchboard/echo-gemini", "stream": true, "messages": [{"role": "user", "content": "Say hello"}]}""")),
                new Shot("completions", 200, () -> chatCost(post("/completions", t.secret(), """
                        {"model": "switchboard/echo", "prompt": "Say hello"}"""), 200)),
                new Shot("messages", 200, () -> messagesCost(t, post("/messages", t.secret(), """
                        {"model": "switchboard/echo", "max_tokens": 16, "messages": [{"role": "user", "content": "Say hello"}]}"""))),
                new Shot("embeddings", 200, () -> chatCost(post("/embeddings", t.secret(), """
                        {"model": "switchboard/echo-embed", "input": ["hello there"]}"""), 200)),
                new Shot("NUL in user", 400, () -> chatCost(post("/chat/completions", t.secret(), """
                        {"model": "switchboard/echo", "user": "bot%s1", "messages": [{"role": "user", "content": "hi"}]}""".formatted(nul)), 400)),
                new Shot("NUL in completions user", 400, () -> chatCost(post("/completions", t.secret(), """
                        {"model": "switchboard/echo", "user": "%s", "prompt": "hi"}""".formatted(nul)), 400)),
                new Shot("NUL in metadata.user_id", 400, () -> chatCost(post("/messages", t.secret(), """
                        {"model": "switchboard/echo", "max_tokens": 16, "metadata": {"user_id": "u%s"},
                         "messages": [{"role": "user", "content": "hi"}]}""".formatted(nul)), 400)),
                new Shot("over-long X-Title", 400, () -> chatCost(given().header("Authorization", "Bearer " + t.secret())
                        .header("X-Title", "t".repeat(201)).contentType("application/json").body(chat("switchboard/echo", "hi"))
                        .post("/api/v1/chat/completions"), 400)),
                new Shot("control character in X-Title", 400, () -> { // raw: HTTP clients refuse to send it
                    String body = chat("switchboard/echo", "hi");
                    RawHttp.Response r = RawHttp.exchange(port, "POST /api/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer " + t.secret() + "\r\nX-Title: app\u0001\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                    assertThat(r.status()).isEqualTo(400);
                    return null;
                }),
                new Shot("over-long user", 400, () -> chatCost(post("/chat/completions", t.secret(), """
                        {"model": "switchboard/echo", "user": "%s", "messages": [{"role": "user", "content": "hi"}]}""".formatted("u".repeat(5_000))), 400)),
                new Shot("temperature -50 on /messages", 400, () -> chatCost(post("/messages", t.secret(), """
                        {"model": "switchboard/echo", "max_tokens": 16, "temperature": -50, "messages": [{"role": "user", "content": "hi"}]}"""), 400)),
                new Shot("trailing garbage", 400, () -> chatCost(post("/messages", t.secret(), """
                        {"model": "switchboard/echo", "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]} garbage"""), 400)),
                new Shot("malformed JSON", 400, () -> chatCost(post("/chat/completions", t.secret(), "{\"model\": "), 400)),
                new Shot("unknown model", 404, () -> chatCost(post("/chat/completions", t.secret(), chat("nobody/nothing", "hi")), 404)),
                new Shot("provider fails", 502, () -> chatCost(post("/chat/completions", t.secret(), chat("switchboard/echo", "hi [[error:500]]")), 502)),
                new Shot("bad key", 401, () -> chatCost(post("/chat/completions", "sk-sb-v1-" + "0".repeat(64), chat("switchboard/echo", "hi")), 401)));
    }

    /** The cost a 200 reported in {@code usage.cost}; nothing for an expected error. */
    private static Long chatCost(Response response, int expected) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(expected);
        if (expected != 200) {
            return null;
        }
        return nanos(JSON.readTree(response.asString()).at("/usage/cost"));
    }

    /** A stream reports its cost in the final usage chunk. */
    private Long streamCost(Tenants.Tenant t, String body) {
        SseClient.Stream stream = SseClient.post(baseUrl() + "/chat/completions", t.secret(), body);
        assertThat(stream.status()).isEqualTo(200);
        JsonNode usage = stream.events().stream().filter(e -> e.has("usage") && !e.get("usage").isNull()).reduce((a, b) -> b).orElseThrow()
                .get("usage");
        return nanos(usage.get("cost"));
    }

    /** Anthropic's response shape has no cost: the client reads it from GET /generation, as OpenRouter's clients do. */
    private Long messagesCost(Tenants.Tenant t, Response response) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        String id = response.header("X-Generation-Id");
        Response generation = given().header("Authorization", "Bearer " + t.secret()).queryParam("id", id).get("/api/v1/generation");
        assertThat(generation.statusCode()).isEqualTo(200);
        return nanos(JSON.readTree(generation.asString()).at("/data/total_cost"));
    }

    private static long nanos(JsonNode usd) {
        assertThat(usd.isNumber()).as("a cost in USD: %s", usd).isTrue();
        return new BigDecimal(usd.asText()).movePointRight(9).longValueExact();
    }
}
