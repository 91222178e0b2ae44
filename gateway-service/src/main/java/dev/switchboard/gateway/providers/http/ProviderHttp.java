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
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

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
        URI uri = URI.create(target.baseUrl() + prepared.path());
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
        // keyed by the calling event loop too: a client's connections belong to the loop that opened them
        HttpClient client = clients.computeIfAbsent(uri.getScheme() + "://" + uri.getHost() + ":" + port + "@" + Thread.currentThread().getName(),
                origin -> vertx.createHttpClient(
                new HttpClientOptions()
                        .setSsl(ssl)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
                        .setIdleTimeout((int) config.upstream().idleTimeout().toSeconds())
                        .setDecompressionSupported(true),
                new PoolOptions().setHttp1MaxSize(config.upstream().maxConnections())));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(prepared.method()))
                .setHost(uri.getHost())
                .setPort(port)
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
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
        clients.values().forEach(HttpClient::close);
    }
}
