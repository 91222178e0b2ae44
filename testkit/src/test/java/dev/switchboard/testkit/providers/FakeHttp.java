package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small {@link HttpClient} wrapper for the fake provider tests, with an SSE parser. */
final class FakeHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A received response. */
    record Reply(int status, HttpResponse<String> raw) {

        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            return parse(raw.body());
        }

        List<SseEvent> events() {
            return parseSse(raw.body());
        }
    }

    /** One SSE event: its {@code event:} name (or null) and its {@code data:} line. */
    record SseEvent(String event, String data) {

        JsonNode json() {
            return parse(data);
        }

        boolean isJson() {
            try {
                JSON.readTree(data);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private FakeHttp() {
    }

    static Reply post(String url, String body, String... headers) throws IOException, InterruptedException {
        return send(request(url, Duration.ofSeconds(30), headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Reply postWithTimeout(String url, String body, Duration timeout, String... headers)
            throws IOException, InterruptedException {
        return send(request(url, timeout, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Reply get(String url, String... headers) throws IOException, InterruptedException {
        return send(request(url, Duration.ofSeconds(30), headers).GET());
    }

    static Reply put(String url, String body) throws IOException, InterruptedException {
        return send(request(url, Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Reply delete(String url) throws IOException, InterruptedException {
        return send(request(url, Duration.ofSeconds(30)).DELETE());
    }

    private static HttpRequest.Builder request(String url, Duration timeout, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("content-type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static Reply send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** Parses an SSE body (LF or CRLF line ends) into events; comment lines are skipped. */
    static List<SseEvent> parseSse(String body) {
        List<SseEvent> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String event = null;
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null) {
                events.add(new SseEvent(event, data.toString()));
            }
        }
        return events;
    }
}
