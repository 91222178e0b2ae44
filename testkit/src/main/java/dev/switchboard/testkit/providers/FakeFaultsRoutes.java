package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * The fault rules of {@link FakeFaults} over HTTP, for the fake as a process ({@code FakeProviderMain}, used by
 * {@code bench/} and {@code deploy/local}). Under the fake's admin prefix, which no wire format uses:
 *
 * <pre>
 * GET    /__fake/faults           {"rt-a": RULE, …}                        200
 * GET    /__fake/faults/MODEL     RULE                                      200, 404 when MODEL has no rule
 * PUT    /__fake/faults/MODEL     RULE (replaces the rule) → the stored RULE 200, 400 for a bad body
 * DELETE /__fake/faults/MODEL     clears MODEL's rule                       204
 * DELETE /__fake/faults           clears every rule                         204
 * </pre>
 *
 * RULE is {@code {"error":503,"retryAfter":2,"hang":false,"slowMs":0,"chunkDelayMs":0,"malformed":false,
 * "midstreamError":false,"times":3}}; every field is optional (absent: no such effect; {@code times} absent or
 * null: every request) and an unknown field is a 400. MODEL is the rest of the path, percent-decoded, so
 * {@code vendor/model} may be written as is or as {@code vendor%2Fmodel}. {@code POST /__fake/reset} clears the
 * rules too.
 */
final class FakeFaultsRoutes {

    static final String PREFIX = "/__fake/faults";

    private static final Set<String> FIELDS = Set.of("error", "retryAfter", "hang", "slowMs", "chunkDelayMs",
            "malformed", "midstreamError", "times");

    private final FakeFaults faults;

    FakeFaultsRoutes(FakeFaults faults) {
        this.faults = faults;
    }

    /** Whether {@code path} is one of these routes. */
    static boolean matches(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    void handle(HttpServerRequest request, String path) {
        String model;
        try {
            model = path.length() > PREFIX.length() + 1 ? decode(path.substring(PREFIX.length() + 1)) : null;
        } catch (IllegalArgumentException e) {
            error(request, 400, "bad model name in " + path + ": " + e.getMessage());
            return;
        }
        HttpMethod method = request.method();
        if (model == null && method == HttpMethod.GET) {
            ObjectNode all = FakeJson.object();
            faults.all().forEach((name, fault) -> all.set(name, toJson(fault)));
            json(request, 200, all);
        } else if (model == null && method == HttpMethod.DELETE) {
            faults.clearAll();
            request.response().setStatusCode(204).end();
        } else if (model != null && method == HttpMethod.GET) {
            Fault fault = faults.get(model);
            if (fault == null) {
                error(request, 404, "no fault rule for model " + model);
            } else {
                json(request, 200, toJson(fault));
            }
        } else if (model != null && method == HttpMethod.DELETE) {
            faults.clear(model);
            request.response().setStatusCode(204).end();
        } else if (model != null && method == HttpMethod.PUT) {
            request.body().onSuccess(body -> put(request, model, body));
        } else {
            error(request, 405, "no fault route for " + method + " " + path);
        }
    }

    private void put(HttpServerRequest request, String model, Buffer body) {
        Fault fault;
        try {
            fault = fromJson(FakeJson.parseObject(body.getBytes()));
        } catch (IOException | IllegalArgumentException e) {
            error(request, 400, "bad fault rule: " + e.getMessage());
            return;
        }
        faults.set(model, fault);
        json(request, 200, toJson(fault));
    }

    /** Reads a RULE; throws {@link IllegalArgumentException} for an unknown field or a value out of range. */
    static Fault fromJson(JsonNode json) {
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (known: " + FIELDS + ")");
            }
        }
        Fault fault = new Fault(integer(json, "error", 0), flag(json, "hang"), integer(json, "slowMs", 0),
                integer(json, "chunkDelayMs", 0), flag(json, "malformed"), flag(json, "midstreamError"),
                integer(json, "retryAfter", -1), -1);
        JsonNode times = json.get("times");
        return times == null || times.isNull() ? fault : fault.times(integer(json, "times", 0));
    }

    static ObjectNode toJson(Fault fault) {
        ObjectNode node = FakeJson.object();
        node.put("error", fault.errorStatus());
        node.put("retryAfter", fault.retryAfterSeconds());
        node.put("hang", fault.hang());
        node.put("slowMs", fault.slowMillis());
        node.put("chunkDelayMs", fault.chunkDelayMillis());
        node.put("malformed", fault.malformed());
        node.put("midstreamError", fault.midstreamError());
        if (fault.unlimited()) {
            node.putNull("times");
        } else {
            node.put("times", fault.times());
        }
        return node;
    }

    private static int integer(JsonNode json, String field, int absent) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return value.intValue();
    }

    private static boolean flag(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    /** Percent-decodes a path segment; a '+' stays a '+' (it is a space only in query strings). */
    private static String decode(String segment) {
        String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        return decoded.isBlank() ? null : decoded;
    }

    private static void json(HttpServerRequest request, int status, JsonNode body) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(FakeJson.write(body));
    }

    private static void error(HttpServerRequest request, int status, String message) {
        json(request, status, FakeJson.object().put("error", message));
    }
}
