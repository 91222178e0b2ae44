package dev.switchboard.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.routing.RoutePlan.Outcome;
import dev.switchboard.gateway.routing.RoutePlan.Step;
import dev.switchboard.shared.generations.ProviderResponses;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-written trace is valid JSON that a parser reads back exactly, whatever the values hold, and its attempts derive from it. */
class RoutingTraceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    @Test
    void every_step_in_routing_and_the_tried_ones_in_attempts() throws Exception {
        String awkward = "upstream said \"no\" \\ then\n\ttab\r\u0001\u001f and ünïcødé ✓ 😀";
        List<Step> trace = List.of(
                new Step("openai/gpt-x", "skipped-co", A, Outcome.SKIPPED, "context length 8 tokens is below the prompt (~9 tokens)", null, null),
                new Step("openai/gpt-x", "failing \"co\"", B, Outcome.FAILED, awkward, 503, 12L),
                new Step("openai/gpt-x", "serving-co", C, Outcome.SERVED, null, 200, 3L),
                new Step("other/model", "late-co", A, Outcome.NOT_TRIED, null, null, null));
        String text = RoutingTrace.json(trace);
        JsonNode root = JSON.readTree(text);
        assertEquals(List.of("routing"), names(root));

        JsonNode attempts = ProviderResponses.attempts(root); // what GET /generation and the dashboard show
        assertEquals(2, attempts.size());
        JsonNode failed = attempts.get(0);
        assertEquals(List.of("provider_name", "endpoint_id", "model", "status", "latency", "error"), names(failed));
        assertEquals("failing \"co\"", failed.get("provider_name").asText());
        assertEquals(B.toString(), failed.get("endpoint_id").asText());
        assertEquals(503, failed.get("status").asInt());
        assertEquals(12, failed.get("latency").asLong());
        assertEquals(awkward, failed.get("error").asText());
        JsonNode served = attempts.get(1);
        assertEquals(List.of("provider_name", "endpoint_id", "model", "status", "latency"), names(served));
        assertEquals("serving-co", served.get("provider_name").asText());

        JsonNode routing = root.get("routing");
        assertEquals(4, routing.size());
        assertEquals(List.of("model", "provider_name", "endpoint_id", "outcome", "reason"), names(routing.get(0)));
        assertEquals("skipped", routing.get(0).get("outcome").asText());
        assertEquals(awkward, routing.get(1).get("reason").asText());
        assertEquals("failed", routing.get(1).get("outcome").asText());
        assertEquals(List.of("model", "provider_name", "endpoint_id", "outcome", "status", "latency"), names(routing.get(2)));
        assertEquals("served", routing.get(2).get("outcome").asText());
        assertEquals("not_tried", routing.get(3).get("outcome").asText());
        assertEquals("other/model", routing.get(3).get("model").asText());
    }

    @Test
    void an_attempt_without_status_or_latency_reads_them_as_null_and_an_empty_trace_is_an_empty_array() throws Exception {
        JsonNode attempt = ProviderResponses.attempts(JSON.readTree(RoutingTrace.json(
                List.of(new Step("m/x", "p", A, Outcome.FAILED, "connection refused", null, null))))).get(0);
        assertTrue(attempt.get("status").isNull());
        assertTrue(attempt.get("latency").isNull());
        assertEquals("connection refused", attempt.get("error").asText());
        assertEquals("{\"routing\":[]}", RoutingTrace.json(List.<Step>of()));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
