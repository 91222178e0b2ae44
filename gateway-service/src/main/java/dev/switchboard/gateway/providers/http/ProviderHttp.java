package dev.switchboard.gateway.providers.http;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderTarget;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Pooled keep-alive HTTP clients per provider origin, one pool per event loop (so a request and its provider
 * connection stay on one thread, with no hand-over between loops), shared by every wire format. Non-blocking: a call
 * returns a future of the response head; the caller reads or streams the body. The first byte must arrive
 * within the configured timeout, else the call fails with a TIMEOUT {@link ProviderException}.
 */
@Singleton
public class ProviderHttp {

    @Inject
    Vertx vertx;
    @Inject
    GatewayConfig config;

    /** Base URLs taken apart once (a URI parse per request was 1 % of the request path's CPU). */
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    /** Each event loop's own clients by origin: a client's connections belong to the loop that opened them. */
    private final ThreadLocal<Map<String, HttpClient>> loopClients = ThreadLocal.withInitial(HashMap::new);
    private final Queue<HttpClient> clients = new ConcurrentLinkedQueue<>();

    /** Where a base URL's connections go, and the path every call's own path is appended to. */
    private record Origin(String key, String host, int port, boolean ssl, String basePath) {
        static Origin of(String baseUrl) {
            URI uri = URI.create(baseUrl);
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return new Origin(uri.getScheme() + "://" + uri.getHost() + ":" + port, uri.getHost(), port, ssl,
                    path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }
    }

    /** An outbound call in flight: its response head, and the means to abort it (client gone, deadline). */
    public record Call(HttpClientRequest request, Future<HttpClientResponse> response) {
        public void cancel() {
            request.reset();
        }
    }

    public Future<Call> send(ProviderTarget target, PreparedCall prepared) {
        return send(target, prepared, config.upstream().firstByteTimeout());
    }

    /** @param firstByteTimeout how long the provider has to send its response head (routing shortens it to its deadline) */
    public Future<Call> send(ProviderTarget target, PreparedCall prepared, java.time.Duration firstByteTimeout) {
        Origin origin = origins.computeIfAbsent(target.baseUrl(), Origin::of);
        HttpClient client = loopClients.get().computeIfAbsent(origin.key(), key -> {
            HttpClient created = vertx.createHttpClient(
                    new HttpClientOptions()
                            .setSsl(origin.ssl())
                            .setKeepAlive(true)
                            .setTcpNoDelay(true)
                            .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
                            .setIdleTimeout((int) config.upstream().idleTimeout().toSeconds())
                            .setDecompressionSupported(true)
                            // our traces stay ours: no traceparent to a provider, and no client span per provider call
                            .setTracingPolicy(TracingPolicy.IGNORE),
                    new PoolOptions().setHttp1MaxSize(config.upstream().maxConnections()));
            clients.add(created);
            return created;
        });
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(prepared.method()))
                .setHost(origin.host())
                .setPort(origin.port())
                .setURI(origin.basePath() + prepared.path());
        prepared.headers().forEach(options::addHeader);
        return client.request(options)
                .recover(e -> Future.failedFuture(ConnectionFailures.of(ConnectionFailures.CONNECT_FAILED, e)))
                .map(request -> {
                    Promise<HttpClientResponse> head = Promise.promise();
                    long timer = vertx.setTimer(Math.max(1, firstByteTimeout.toMillis()), id -> {
                        if (head.tryFail(new ProviderException(ProviderException.Kind.TIMEOUT, 0, "timeout",
                                target.providerName() + " sent nothing within " + seconds(firstByteTimeout) + " s", null))) {
                            request.reset();
                        }
                    });
                    request.send(Buffer.buffer(prepared.body())).onComplete(ar -> {
                        vertx.cancelTimer(timer);
                        if (ar.succeeded()) {
                            head.tryComplete(ar.result());
                        } else {
                            head.tryFail(ar.cause() instanceof ProviderException pe ? pe
                                    : ConnectionFailures.of(ConnectionFailures.CONNECTION_ERROR, ar.cause()));
                        }
                    });
                    return new Call(request, head.future());
                });
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
    }

    void close(@Observes ShutdownEvent event) {
        clients.forEach(HttpClient::close);
    }
}
