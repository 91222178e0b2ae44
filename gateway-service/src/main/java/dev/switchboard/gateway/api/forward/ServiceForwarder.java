package dev.switchboard.gateway.api.forward;

import dev.switchboard.gateway.errors.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One of OpenRouter's public APIs that another Switchboard service owns, on the gateway's address so clients need one
 * base URL: the key API ({@code /api/v1/keys*}, accounts-service, which owns {@code api_keys} and its rules) and the
 * activity API ({@code /api/v1/activity}, billing-service, which owns the reports). The gateway only forwards the
 * request (method, path and query, {@code Authorization}, {@code Content-Type}, {@code Accept}, the body already read)
 * and the answer back (status, {@code Content-Type}, {@code WWW-Authenticate}, body); while the service cannot be
 * reached the client gets 503 with {@code Retry-After}.
 */
public final class ServiceForwarder implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(ServiceForwarder.class);
    /** Request headers the services need; nothing else of the client's is passed on. */
    private static final List<CharSequence> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT);

    private final String what;
    private final URI target;
    private final String base;
    private final Duration timeout;
    private final String unavailable;
    private final HttpClient client;

    /**
     * @param what        what is forwarded, for the log ("key API")
     * @param url         the owning service's base URL (its path, if any, is prefixed to the request's)
     * @param unavailable the 503's message while the service cannot be reached
     */
    public ServiceForwarder(Vertx vertx, String what, String url, Duration connectTimeout, Duration timeout, String unavailable) {
        this.what = what;
        this.target = URI.create(url);
        this.base = target.getRawPath() == null ? "" : target.getRawPath().replaceAll("/$", "");
        this.timeout = timeout;
        this.unavailable = unavailable;
        boolean https = "https".equals(target.getScheme());
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(target.getHost())
                .setDefaultPort(target.getPort() > 0 ? target.getPort() : https ? 443 : 80)
                .setSsl(https).setConnectTimeout((int) connectTimeout.toMillis()));
    }

    /** Forwards one request (its body already read, at most a few kilobytes) and answers with the service's answer. */
    @Override
    public void handle(RoutingContext ctx) {
        RequestOptions options = new RequestOptions().setMethod(ctx.request().method())
                .setURI(base + ctx.request().uri()).setTimeout(timeout.toMillis());
        for (CharSequence name : FORWARDED) {
            String value = ctx.request().getHeader(name);
            if (value != null) {
                options.putHeader(name, value);
            }
        }
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        client.request(options).compose(request -> request.send(body)).compose(response -> response.body().map(bytes -> {
            ctx.response().setStatusCode(response.statusCode());
            for (CharSequence name : List.<CharSequence>of(HttpHeaders.CONTENT_TYPE, "WWW-Authenticate", "Content-Disposition")) {
                String value = response.getHeader(name);
                if (value != null) {
                    ctx.response().putHeader(name, value);
                }
            }
            return bytes;
        })).onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().end(done.result());
            } else {
                LOG.warnf("%s: %s did not answer: %s", what, target, done.cause().getMessage());
                ctx.fail(ApiException.unavailable(unavailable));
            }
        });
    }
}
