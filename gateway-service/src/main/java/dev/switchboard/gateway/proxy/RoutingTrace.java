package dev.switchboard.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.routing.RoutePlan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generation's {@code provider_responses} column: {@code {"attempts": [...], "routing": [...]}}, the attempts made
 * (OpenRouter's {@code provider_responses}: provider, status, latency, plus the endpoint, the model and the error) and
 * every endpoint the plan considered with what became of it. {@code GET /generation} and the dashboard's log read
 * both; rows written before routing hold the attempts array alone.
 */
final class RoutingTrace {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RoutingTrace() {
    }

    static String json(RoutePlan plan) {
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("attempts", plan.attemptsView());
        trace.put("routing", plan.traceView());
        try {
            return JSON.writeValueAsString(trace);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
