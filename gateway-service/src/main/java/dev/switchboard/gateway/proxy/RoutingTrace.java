package dev.switchboard.gateway.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.gateway.routing.RoutePlan;
import dev.switchboard.gateway.routing.RoutePlan.Outcome;
import dev.switchboard.gateway.routing.RoutePlan.Step;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * A generation's {@code provider_responses} column: {@code {"attempts": [...], "routing": [...]}}, the attempts made
 * (OpenRouter's {@code provider_responses}: provider, status, latency, plus the endpoint, the model and the error) and
 * every endpoint the plan considered with what became of it. {@code GET /generation} and the dashboard's log read
 * both; rows written before routing hold the attempts array alone.
 * <p>
 * Written straight from the plan's steps with a streaming generator: every generation carries it, and building maps
 * for an object mapper cost a few per cent of the gateway's time per request.
 */
final class RoutingTrace {

    private static final JsonFactory JSON = new JsonFactory();

    private RoutingTrace() {
    }

    static String json(RoutePlan plan) {
        List<Step> trace = plan.trace();
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("attempts");
            for (Step s : trace) {
                if (s.outcome() == Outcome.FAILED || s.outcome() == Outcome.SERVED) {
                    g.writeStartObject();
                    g.writeStringField("provider_name", s.providerName());
                    g.writeStringField("endpoint_id", s.endpointId().toString());
                    g.writeStringField("model", s.model());
                    number(g, "status", s.status());
                    number(g, "latency", s.latencyMs());
                    if (s.reason() != null) {
                        g.writeStringField("error", s.reason());
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("routing");
            for (Step s : trace) {
                g.writeStartObject();
                g.writeStringField("model", s.model());
                g.writeStringField("provider_name", s.providerName());
                g.writeStringField("endpoint_id", s.endpointId().toString());
                g.writeStringField("outcome", s.outcome().name().toLowerCase(Locale.ROOT));
                if (s.reason() != null) {
                    g.writeStringField("reason", s.reason());
                }
                if (s.status() != null) {
                    g.writeNumberField("status", s.status());
                    number(g, "latency", s.latencyMs());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void number(JsonGenerator g, String field, Number value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value.longValue());
        }
    }
}
