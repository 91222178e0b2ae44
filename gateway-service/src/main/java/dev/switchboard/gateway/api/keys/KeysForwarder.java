package dev.switchboard.gateway.api.keys;

import dev.switchboard.gateway.api.ApiException;
import dev.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * OpenRouter's key API ({@code /api/v1/keys}, {@code /api/v1/keys/{hash}}) on the gateway's public address. Keys
 * belong to accounts-service, which owns the {@code api_keys} table and its rules (management keys, tenancy,
 * shapes); the gateway only forwards the request there and the answer back, so clients need one base URL.
 */
@Singleton
public class KeysForwarder {

    private static final Logger LOG = Logger.getLogger(KeysForwarder.class);
    /** Request headers accounts-service needs; nothing else of the client's is passed on. */
    private static final List<CharSequence> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT);

    @Inject
    Vertx vertx;
    @Inject
    GatewayConfig config;

    private HttpClient client;
    private URI accounts;

    @PostConstruct
    void init() {
        accounts = URI.create(config.accountsUrl());
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(accounts.getHost())
                .setDefaultPort(accounts.getPort() > 0 ? accounts.getPort() : "https".equals(accounts.getScheme()) ? 443 : 80)
                .setSsl("https".equals(accounts.getScheme())).setConnectTimeout((int) config.upstream().connectTimeout().toMillis()));
    }

    /** Forwards one request (its body already read, at most a few kilobytes) and answers with accounts-service's answer. */
    public void forward(RoutingContext ctx) {
        String base = accounts.getRawPath() == null ? "" : accounts.getRawPath().replaceAll("/$", "");
        RequestOptions options = new RequestOptions().setMethod(ctx.request().method())
                .setURI(base + ctx.request().uri()).setTimeout(config.upstream().firstByteTimeout().toMillis());
        for (CharSequence name : FORWARDED) {
            String value = ctx.request().getHeader(name);
            if (value != null) {
                options.putHeader(name, value);
            }
        }
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        client.request(options).compose(request -> request.send(body)).compose(response -> response.body().map(bytes -> {
            ctx.response().setStatusCode(response.statusCode());
            String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type);
            }
            String challenge = response.getHeader("WWW-Authenticate");
            if (challenge != null) {
                ctx.response().putHeader("WWW-Authenticate", challenge);
            }
            return bytes;
        })).onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().end(done.result());
            } else {
                LOG.warnf("key API: accounts-service at %s did not answer: %s", accounts, done.cause().getMessage());
                ctx.fail(ApiException.unavailable("Key management is unavailable right now; retry in a few seconds."));
            }
        });
    }
}
