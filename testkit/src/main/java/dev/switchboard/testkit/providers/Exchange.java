package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One provider request in flight, used only on its event loop. It records the request, applies the timing
 * directives, writes the answer exactly once and tells a client that went away ({@link #active()} false, counted
 * as a cancelled stream) from a normal end.
 */
final class Exchange {

    private static final Set<String> SECRET_HEADERS = Set.of(
            "authorization", "x-api-key", "x-goog-api-key", "api-key", "proxy-authorization", "cookie");
    private static final Pattern KEY_PARAM = Pattern.compile("([?&]key=)([^&]*)");

    final HttpServerRequest request;
    final HttpServerResponse response;
    final FakeFormat format;
    private final FakeProviderServer server;
    private boolean done;

    Exchange(FakeProviderServer server, HttpServerRequest request, FakeFormat format) {
        this.server = server;
        this.request = request;
        this.response = request.response();
        this.format = format;
        response.closeHandler(ignored -> clientClosed());
        response.exceptionHandler(ignored -> clientClosed());
    }

    Vertx vertx() {
        return server.vertx();
    }

    /** A number unique within this server, used to build response, message and tool call ids. */
    String nextId() {
        return String.format("fake%012d", server.nextSequence());
    }

    void record(String model, boolean stream, Buffer body) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String value = SECRET_HEADERS.contains(name) ? mask(header.getValue()) : header.getValue();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        });
        Matcher key = KEY_PARAM.matcher(request.uri());
        String path = key.find() ? key.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + mask(m.group(2))))
                : request.uri();
        server.log().add(new RecordedRequest(format, request.method().name(), path, model, Map.copyOf(headers),
                body.toString(), stream, Instant.now()));
    }

    static String mask(String secret) {
        if (secret.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return secret.substring(0, 7) + mask(secret.substring(7));
        }
        return secret.length() > 8 ? "***" + secret.substring(secret.length() - 4) : "***";
    }

    /**
     * The directives of this request: those of the model name and the user text, with the server's fault rule
     * for the model laid over them (which counts this request against the rule).
     */
    Directives directives(String model, String userText) {
        return Directives.parse(model, userText).with(server.faults().take(model));
    }

    /** False once the answer was written or the client went away. */
    boolean active() {
        return !done;
    }

    /** Applies {@code hang} (never answer) and {@code slow} (wait before the first byte), then runs the answer. */
    void respond(Directives directives, Runnable answer) {
        if (directives.hang()) {
            return;
        }
        if (directives.slowMillis() > 0) {
            vertx().setTimer(directives.slowMillis(), id -> {
                if (active()) {
                    answer.run();
                }
            });
        } else {
            answer.run();
        }
    }

    void header(String name, String value) {
        response.putHeader(name, value);
    }

    void sendJson(int status, JsonNode body) {
        send(status, "application/json", FakeJson.write(body));
    }

    void send(int status, String contentType, String body) {
        if (done) {
            return;
        }
        done = true;
        response.setStatusCode(status).putHeader("content-type", contentType).end(body);
    }

    /** Status 200 and the first half of the JSON the request deserved. */
    void sendMalformed(JsonNode body) {
        String json = FakeJson.write(body);
        send(200, "application/json", json.substring(0, json.length() / 2));
    }

    void startStream(String contentType) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("content-type", contentType)
                .putHeader("cache-control", "no-cache");
    }

    boolean write(Buffer chunk) {
        if (done) {
            return false;
        }
        response.write(chunk);
        return true;
    }

    /** Ends a stream normally and counts it as completed. */
    void completeStream(Buffer tail) {
        if (done) {
            return;
        }
        done = true;
        response.end(tail);
        server.log().streamCompleted();
    }

    /** Ends a stream the way a failing provider does: last bytes, then the connection is closed. */
    void abortStream(Buffer tail) {
        if (done) {
            return;
        }
        done = true;
        response.end(tail).onComplete(ignored -> {
            if (request.version() != HttpVersion.HTTP_2) {
                request.connection().close();
            }
        });
    }

    private void clientClosed() {
        if (!done) {
            done = true;
            server.log().cancelled();
        }
    }
}
