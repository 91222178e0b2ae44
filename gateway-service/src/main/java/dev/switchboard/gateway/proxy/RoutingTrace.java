package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.routing.RoutePlan;
import dev.switchboard.gateway.routing.RoutePlan.Outcome;
import dev.switchboard.gateway.routing.RoutePlan.Step;
import java.util.List;

/**
 * A generation's {@code provider_responses} column: {@code {"routing": [...]}}, every endpoint the plan considered
 * with what became of it (skipped and why, failed with status, latency and error, served, or not tried). The
 * attempts (OpenRouter's {@code provider_responses}: provider, status, latency, error) are the failed and served
 * entries in order; {@code GET /generation} and the dashboard's log derive them when they read the row instead of
 * every row storing them twice. Rows written before routing hold an attempts array alone, and rows of the first
 * routing build an object with both arrays; readers accept all three.
 * <p>
 * Written by hand into one StringBuilder: every generation carries it, and both an object mapper over maps (a few
 * per cent of the gateway's time per request) and a Jackson generator per call (field names escaped char by char,
 * ~3 % in a warm profile) cost more than the rest of routing together; and Postgres parses every byte of it into
 * JSONB (with both arrays, its time per request grew by a sixth). Field names are constants; only the values are
 * escaped, as JSON requires (quote, backslash, control characters).
 */
final class RoutingTrace {

    private RoutingTrace() {
    }

    static String json(RoutePlan plan) {
        return json(plan.trace());
    }

    static String json(List<Step> trace) {
        StringBuilder out = new StringBuilder(24 + 200 * trace.size());
        out.append("{\"routing\":[");
        boolean first = true;
        for (Step s : trace) {
            out.append(first ? "{" : ",{");
            first = false;
            string(out.append("\"model\":"), s.model());
            string(out.append(",\"provider_name\":"), s.providerName());
            out.append(",\"endpoint_id\":\"").append(s.endpointId()).append('"');
            out.append(",\"outcome\":\"").append(outcome(s.outcome())).append('"');
            if (s.reason() != null) {
                string(out.append(",\"reason\":"), s.reason());
            }
            if (s.status() != null) {
                out.append(",\"status\":").append(s.status());
            }
            if (s.latencyMs() != null) {
                out.append(",\"latency\":").append(s.latencyMs());
            }
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private static String outcome(Outcome outcome) {
        return switch (outcome) {
            case SKIPPED -> "skipped";
            case FAILED -> "failed";
            case SERVED -> "served";
            case NOT_TRIED -> "not_tried";
        };
    }

    /** {@code value} as a JSON string (null as null): quote, backslash and control characters escaped. */
    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int n = value.length();
        int clean = 0;
        while (clean < n && value.charAt(clean) >= 0x20 && value.charAt(clean) != '"' && value.charAt(clean) != '\\') {
            clean++;
        }
        out.append(value, 0, clean); // names and ids need no escaping: one bulk copy, not a char at a time
        for (int i = clean; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
