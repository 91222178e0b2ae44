package dev.switchboard.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.providers.FakeFormat;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Prompt caching: cache_control breakpoints reach an Anthropic-format upstream on the blocks the client marked
 * (from /messages, and OpenRouter-style from chat text parts), the cache writes and reads it reports are billed
 * at the endpoint's cache-write and cache-read prices, exact to the nano-dollar, and reported alike in the response
 * usage, on the generation row and by GET /generation. Other formats drop the parameter and list it.
 */
@QuarkusTest
class PromptCachingTest extends GatewayTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    // switchboard/echo-anthropic, pico-USD per token: prompt 2.25, completion 6.75, cache read 0.225, cache write 2.8125 $/M
    private static final long PROMPT = 2_250_000, COMPLETION = 6_750_000, CACHE_READ = 225_000, CACHE_WRITE = 2_812_500;

    /** The exact cost of Anthropic's usage figures, computed here from the catalog's prices, rounded once, half up. */
    private static long expectedNanos(JsonNode usage) {
        long pico = usage.path("input_tokens").asLong() * PROMPT + usage.path("cache_creation_input_tokens").asLong() * CACHE_WRITE
                + usage.path("cache_read_input_tokens").asLong() * CACHE_READ + usage.path("output_tokens").asLong() * COMPLETION;
        return Math.floorDiv(pico + 500, 1000);
    }

    @Test
    void messages_breakpoints_reach_anthropic_and_cache_writes_then_reads_are_billed_at_their_prices() throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String nonce = UUID.randomUUID().toString();
        String body = """
                {"model": "switchboard/echo-anthropic", "max_tokens": 100,
                 "system": [{"type": "text", "text": "You answer questions about the weather, briefly. %s", "cache_control": {"type": "ephemeral"}}],
                 "tools": [{"name": "get_weather", "input_schema": {"type": "object", "properties": {}}, "cache_control": {"type": "ephemeral", "ttl": "5m"}}],
                 "tool_choice": {"type": "none"},
                 "messages": [{"role": "user", "content": [
                   {"type": "text", "text": "Here is a long report to keep in mind: one two three four five six seven eight nine ten %s", "cache_control": {"type": "ephemeral"}},
                   {"type": "text", "text": "Say hello"}]}]}""".formatted(nonce, nonce);

        Response first = post("/messages", t.secret(), body);
        first.then().statusCode(200);
        JsonNode sent = fake.requests(FakeFormat.ANTHROPIC).getLast().json();
        assertThat(sent.path("system").path(0).path("cache_control")).isEqualTo(JSON.readTree("{\"type\": \"ephemeral\"}"));
        assertThat(sent.path("tools").path(0).path("cache_control")).isEqualTo(JSON.readTree("{\"type\": \"ephemeral\", \"ttl\": \"5m\"}"));
        assertThat(sent.path("messages").path(0).path("content").path(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(sent.path("messages").path(0).path("content").path(1).has("cache_control")).isFalse();
        JsonNode written = JSON.readTree(first.asString()).path("usage");
        int writes = written.path("cache_creation_input_tokens").asInt();
        assertThat(writes).isPositive();
        assertThat(written.path("cache_read_input_tokens").asInt()).isZero();

        Response second = post("/messages", t.secret(), body);
        second.then().statusCode(200);
        JsonNode read = JSON.readTree(second.asString()).path("usage");
        assertThat(read.path("cache_read_input_tokens").asInt()).isEqualTo(writes);
        assertThat(read.path("cache_creation_input_tokens").asInt()).isZero();

        flushed();
        for (var pair : new Object[][] {{first, written}, {second, read}}) {
            Response r = (Response) pair[0];
            JsonNode usage = (JsonNode) pair[1];
            String id = r.header("X-Generation-Id");
            long cost = expectedNanos(usage);
            assertThat(tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", id)).isEqualTo(cost);
            assertThat(tenants().scalar("SELECT tokens_cache_write FROM generations WHERE id = ?", id))
                    .isEqualTo(usage.path("cache_creation_input_tokens").asLong());
            assertThat(tenants().scalar("SELECT tokens_cached FROM generations WHERE id = ?", id))
                    .isEqualTo(usage.path("cache_read_input_tokens").asLong());
            assertThat(new BigDecimal(usage.path("cost").asText())).isEqualByComparingTo(BigDecimal.valueOf(cost, 9));
            JsonNode generation = JSON.readTree(given().header("Authorization", "Bearer " + t.secret())
                    .get("/api/v1/generation?id=" + id).then().statusCode(200).extract().asString()).path("data");
            assertThat(generation.path("native_tokens_cache_write").asInt()).isEqualTo(usage.path("cache_creation_input_tokens").asInt());
            assertThat(generation.path("native_tokens_cached").asInt()).isEqualTo(usage.path("cache_read_input_tokens").asInt());
            assertThat(new BigDecimal(generation.path("total_cost").asText())).isEqualByComparingTo(BigDecimal.valueOf(cost, 9));
        }
        // the write cost more than the read, at the same prompt
        assertThat(expectedNanos(written)).isGreaterThan(expectedNanos(read));
    }

    @Test
    void openrouter_style_breakpoints_on_chat_text_parts_reach_anthropic_and_usage_reports_writes_and_reads() throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String nonce = UUID.randomUUID().toString();
        String body = """
                {"model": "switchboard/echo-anthropic", "max_tokens": 100, "messages": [
                  {"role": "system", "content": [{"type": "text", "text": "Keep this handbook in mind: a b c d e f %s", "cache_control": {"type": "ephemeral"}}]},
                  {"role": "user", "content": "Say hello"}]}""".formatted(nonce);
        Response first = post("/chat/completions", t.secret(), body);
        first.then().statusCode(200);
        JsonNode sent = fake.requests(FakeFormat.ANTHROPIC).getLast().json();
        assertThat(sent.path("system").path(0).path("text").asText()).endsWith(nonce);
        assertThat(sent.path("system").path(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        JsonNode usage = JSON.readTree(first.asString()).path("usage");
        int writes = usage.path("prompt_tokens_details").path("cache_write_tokens").asInt();
        assertThat(writes).isPositive();

        Response second = post("/chat/completions", t.secret(), body);
        JsonNode again = JSON.readTree(second.asString()).path("usage");
        assertThat(again.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(writes);
        assertThat(again.path("prompt_tokens_details").has("cache_write_tokens")).isFalse();
        flushed();
        for (Response r : new Response[] {first, second}) {
            JsonNode u = JSON.readTree(r.asString()).path("usage");
            long row = tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", r.header("X-Generation-Id"));
            assertThat(new BigDecimal(u.path("cost").asText())).isEqualByComparingTo(BigDecimal.valueOf(row, 9));
        }
        // the read is cheaper: same prompt and output, so the difference is the writes at (write - read) price
        long firstCost = tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", first.header("X-Generation-Id"));
        long secondCost = tenants().scalar("SELECT cost_nanos FROM generations WHERE id = ?", second.header("X-Generation-Id"));
        assertThat(firstCost * 1000 - secondCost * 1000).isBetween(writes * (CACHE_WRITE - CACHE_READ) - 1000, writes * (CACHE_WRITE - CACHE_READ) + 1000);
    }

    @Test
    void other_formats_drop_and_list_cache_control_and_a_bad_one_is_the_clients_400() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String body = """
                {"model": "switchboard/echo", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "Say hello", "cache_control": {"type": "ephemeral"}}]}]}""";
        Response r = post("/chat/completions", t.secret(), body);
        r.then().statusCode(200);
        assertThat(fake.requests(FakeFormat.OPENAI).getLast().json().toString()).doesNotContain("cache_control");
        flushed();
        assertThat(tenants().text("SELECT array_to_string(dropped_parameters, ',') FROM generations WHERE id = ?",
                r.header("X-Generation-Id"))).isEqualTo("cache_control");

        // with provider.require_parameters, an Anthropic-format endpoint serves cache_control (its own), others do not
        post("/chat/completions", t.secret(), body.replace("switchboard/echo\"", "switchboard/echo-anthropic\", \"max_tokens\": 10, \"provider\": {\"require_parameters\": true}"))
                .then().statusCode(200);
        post("/chat/completions", t.secret(), body.replace("switchboard/echo\"", "switchboard/echo\", \"provider\": {\"require_parameters\": true}"))
                .then().statusCode(400).body("error.message", containsString("cache_control"));

        long before = fake.requests().size();
        post("/chat/completions", t.secret(), body.replace("\"ephemeral\"", "\"forever\"")).then().statusCode(400)
                .body("error.message", containsString("messages[0].content[0].cache_control.type"));
        given().header("Authorization", "Bearer " + t.secret()).contentType("application/json").body("""
                {"model": "switchboard/echo-anthropic", "max_tokens": 10, "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "hi", "cache_control": {"type": "ephemeral", "ttl": "1h"}}]}]}""")
                .post("/api/v1/messages").then().statusCode(400).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("messages[0].content[0].cache_control.ttl"));
        assertThat(fake.requests().size()).isEqualTo(before);
    }
}
