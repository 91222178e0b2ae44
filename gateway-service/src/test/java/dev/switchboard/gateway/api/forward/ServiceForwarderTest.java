package dev.switchboard.gateway.api.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.errors.ApiException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarder between a client and a stand-in for the owning service (plain Vert.x, no Quarkus): what goes
 * through and what does not, both ways, and the 503 once the service is gone.
 */
class ServiceForwarderTest {

    record Seen(String method, String uri, MultiMap headers, String body) {
    }

    private final AtomicReference<Seen> seen = new AtomicReference<>();
    private Vertx vertx;
    private HttpServer service;
    private HttpServer gateway;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        service = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            seen.set(new Seen(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.toString()));
            request.response().setStatusCode(201).putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("WWW-Authenticate", "Bearer").putHeader("Set-Cookie", "internal=1")
                    .end("{\"data\":[]}");
        })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Router router = Router.router(vertx);
        router.route().failureHandler(ctx -> {
            ApiException e = (ApiException) ctx.failure();
            ctx.response().setStatusCode(e.code().status()).putHeader("Retry-After", String.valueOf(e.metadata().get("retry_after_seconds")))
                    .end(e.getMessage());
        });
        ServiceForwarder forwarder = new ServiceForwarder(vertx, "activity API", "http://127.0.0.1:" + service.actualPort() + "/base/",
                Duration.ofSeconds(1), Duration.ofSeconds(5), "Activity is unavailable right now.");
        router.route("/api/v1/*").handler(BodyHandler.create(false)).handler(forwarder);
        gateway = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.actualPort() + pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    @Test
    void forwards_method_path_query_credentials_and_body_and_answers_with_the_services_answer() throws Exception {
        HttpResponse<String> response = client.send(request("/api/v1/activity?date=2025-01-02&api_key_hash=ab%2Fc")
                .header("Authorization", "Bearer sk-sb-v1-x").header("Accept", "application/json")
                .header("Cookie", "session=secret").header("X-Forwarded-For", "10.9.9.9").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"data\":[]}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        Seen get = seen.get();
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.uri()).isEqualTo("/base/api/v1/activity?date=2025-01-02&api_key_hash=ab%2Fc");
        assertThat(get.headers().get("Authorization")).isEqualTo("Bearer sk-sb-v1-x");
        assertThat(get.headers().get("Accept")).isEqualTo("application/json");
        assertThat(get.headers().contains("Cookie")).isFalse();
        assertThat(get.headers().contains("X-Forwarded-For")).isFalse();

        client.send(request("/api/v1/keys/abc").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"n\"}")).build(), HttpResponse.BodyHandlers.ofString());
        Seen patch = seen.get();
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.uri()).isEqualTo("/base/api/v1/keys/abc");
        assertThat(patch.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(patch.body()).isEqualTo("{\"name\":\"n\"}");
    }

    @Test
    void answers_503_with_retry_after_once_the_service_is_gone() throws Exception {
        CompletableFuture<Void> closed = service.close().toCompletionStage().toCompletableFuture();
        closed.get(10, TimeUnit.SECONDS);
        HttpResponse<String> response = client.send(request("/api/v1/activity").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).isEqualTo("Activity is unavailable right now.");
    }
}
