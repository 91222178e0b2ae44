package dev.switchboard.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


/** Posts a streaming request and reads the raw SSE lines, as a strict client would. */
public final class SseClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SseClient() {
    }

    public record Stream(int status, String contentType, String generationId, List<String> lines) {

        /** The JSON of every {@code data:} line but {@code [DONE]}. */
        public List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                    try {
                        events.add(JSON.readTree(line.substring(6)));
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + line, e);
                    }
                }
            }
            return events;
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            for (JsonNode e : events()) {
                JsonNode content = e.path("choices").path(0).path("delta").path("content");
                if (content.isTextual()) {
                    sb.append(content.asText());
                }
            }
            return sb.toString();
        }

        public JsonNode last() {
            List<JsonNode> all = events();
            return all.get(all.size() - 1);
        }
    }

    public static Stream post(String url, String secret, String json) {
        try {
            HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<String> lines = response.body().filter(l -> !l.isEmpty()).toList();
            return new Stream(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    response.headers().firstValue("x-generation-id").orElse(null), lines);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
