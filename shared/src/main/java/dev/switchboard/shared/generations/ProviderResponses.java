package dev.switchboard.shared.generations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a generation's {@code provider_responses} column, which the gateway writes and {@code GET /generation} and
 * the dashboard's log read. Three shapes exist: {@code {"routing": [...]}} (every endpoint the plan considered, with
 * its outcome: skipped, failed, served or not_tried), what the gateway writes now; {@code {"attempts": [...],
 * "routing": [...]}} from the first routing build; and an attempts array alone from before routing.
 * <p>
 * The attempts (OpenRouter's {@code provider_responses}) are the failed and served routing entries in order, each
 * as {@code provider_name, endpoint_id, model, status, latency} and {@code error} when it failed with a reason.
 */
public final class ProviderResponses {

    private ProviderResponses() {
    }

    /** The attempts made, oldest first; null when the column is null or not of a known shape. */
    public static ArrayNode attempts(JsonNode column) {
        if (column instanceof ArrayNode array) {
            return array;
        }
        if (column == null || !column.isObject()) {
            return null;
        }
        if (column.get("attempts") instanceof ArrayNode stored) {
            return stored;
        }
        if (!(column.get("routing") instanceof ArrayNode routing)) {
            return null;
        }
        ArrayNode attempts = JsonNodeFactory.instance.arrayNode();
        for (JsonNode step : routing) {
            String outcome = step.path("outcome").asText();
            if (!outcome.equals("failed") && !outcome.equals("served")) {
                continue;
            }
            ObjectNode attempt = attempts.addObject();
            attempt.set("provider_name", step.get("provider_name"));
            attempt.set("endpoint_id", step.get("endpoint_id"));
            attempt.set("model", step.get("model"));
            attempt.set("status", step.get("status")); // absent (no answer: refused, timed out) reads as null
            attempt.set("latency", step.get("latency"));
            if (step.hasNonNull("reason")) {
                attempt.set("error", step.get("reason"));
            }
        }
        return attempts;
    }

    /** Every endpoint the plan considered and what became of it; null for rows from before routing. */
    public static ArrayNode routing(JsonNode column) {
        return column != null && column.get("routing") instanceof ArrayNode routing ? routing : null;
    }
}
