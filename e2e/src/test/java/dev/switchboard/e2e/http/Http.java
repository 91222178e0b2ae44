package dev.switchboard.e2e.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP for the tests, beside the browser: calls to the services' APIs and health endpoints, with an optional
 * bearer token (a person's Keycloak access token or an API key).
 */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String bearer;

    private Http(String bearer) {
        this.bearer = bearer;
    }

    public static Http anonymous() {
        return new Http(null);
    }

    /** Sends {@code Authorization: Bearer <token>} with every request. */
    public static Http bearer(String token) {
        return new Http(token);
    }

    public HttpResponse<String> get(String url) {
        return send(request(url).GET().build());
    }

    /** POSTs a JSON body (a string, or any object Jackson writes). */
    public HttpResponse<String> post(String url, Object json) {
        return send(request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json instanceof String s ? s : write(json))).build());
    }

    public HttpResponse<String> delete(String url) {
        return send(request(url).DELETE().build());
    }

    /** GET, expecting 200, the body as JSON. */
    public JsonNode getJson(String url) {
        return json(expect(get(url), 200));
    }

    /** POST, expecting {@code status}, the body as JSON. */
    public JsonNode postJson(String url, Object body, int status) {
        return json(expect(post(url, body), status));
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The response, or an AssertionError with the status and body when the status is not {@code status}. */
    public static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered " + response.statusCode()
                    + " (expected " + status + "): " + response.body());
        }
        return response;
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.uri() + " did not answer JSON: " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
