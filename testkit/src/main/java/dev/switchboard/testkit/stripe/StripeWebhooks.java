package dev.switchboard.testkit.stripe;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Delivers events to the one webhook endpoint the way Stripe does: a POST of the event's JSON with
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>}, signed afresh for every
 * attempt; anything but a 2xx (or no answer) is retried on a schedule, then given up. Every attempt is recorded.
 * Deliveries never happen inside the API request that caused the event: the server hands the events over after
 * its response is written.
 */
final class StripeWebhooks implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StripeWebhooks.class);

    private final Vertx vertx;
    private final HttpClient client;
    private final String secret;
    private final Clock clock;
    private final Duration timeout;
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    /** The endpoint each event was created for (Stripe fixes the recipients when the event happens). */
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private volatile String url;
    private volatile List<Duration> retrySchedule;
    private volatile Set<String> enabledEvents = Set.of("*");

    StripeWebhooks(Vertx vertx, String secret, String url, List<Duration> retrySchedule, Duration timeout,
            Clock clock) {
        this.vertx = vertx;
        this.secret = secret;
        url(url);
        this.retrySchedule = List.copyOf(retrySchedule);
        this.timeout = timeout;
        this.clock = clock;
        // A new connection per delivery, as Stripe's senders do: a kept-alive connection that the application
        // closed while idle would turn into spurious failed attempts.
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(32));
    }

    String secret() {
        return secret;
    }

    String url() {
        return url;
    }

    void url(String url) {
        this.url = url == null || url.isBlank() ? null : url;
    }

    void retrySchedule(List<Duration> schedule) {
        this.retrySchedule = List.copyOf(schedule);
    }

    List<Duration> retrySchedule() {
        return retrySchedule;
    }

    void enabledEvents(Set<String> types) {
        this.enabledEvents = Set.copyOf(types);
    }

    Set<String> enabledEvents() {
        return enabledEvents;
    }

    /**
     * Decides, when an event happens, whether the endpoint gets it (set and subscribed to its type) and remembers
     * the endpoint for the automatic delivery; the answer is the event's {@code pending_webhooks}.
     */
    int route(String eventId, String type) {
        String endpoint = url;
        if (endpoint == null || !(enabledEvents.contains("*") || enabledEvents.contains(type))) {
            return 0;
        }
        routes.put(eventId, endpoint);
        return 1;
    }

    boolean routed(String eventId) {
        return routes.containsKey(eventId);
    }

    /** Starts the automatic delivery (and retries) of an event created with an endpoint; returns at once. */
    void deliver(StripeEvent event) {
        String endpoint = routes.get(event.id());
        if (endpoint != null) {
            attempt(event, endpoint, 1);
        }
    }

    private void attempt(StripeEvent event, String endpoint, int attempt) {
        send(client, endpoint, event.body(), sign(event.body(), clock.instant().getEpochSecond()))
                .onSuccess(outcome -> {
                    List<Duration> schedule = retrySchedule;
                    boolean retry = !outcome.succeeded() && attempt <= schedule.size();
                    record(new WebhookDelivery(event.id(), event.type(), WebhookDelivery.Kind.AUTOMATIC, attempt,
                            endpoint, outcome.status(), outcome.error(), clock.instant(),
                            !outcome.succeeded() && !retry));
                    if (retry) {
                        vertx.setTimer(Math.max(1, schedule.get(attempt - 1).toMillis()),
                                t -> attempt(event, endpoint, attempt + 1));
                    } else if (!outcome.succeeded()) {
                        LOG.warnf("fake Stripe gave up delivering %s %s to %s after %d attempts (last: %s)",
                                event.type(), event.id(), endpoint, attempt,
                                outcome.error() != null ? outcome.error() : "HTTP " + outcome.status());
                    }
                });
    }

    /** Sends an event once more, freshly signed, to the current endpoint and waits for the answer. */
    WebhookDelivery redeliver(StripeEvent event) {
        String endpoint = requireEndpoint();
        Outcome outcome = await(send(client, endpoint, event.body(),
                sign(event.body(), clock.instant().getEpochSecond())));
        WebhookDelivery delivery = new WebhookDelivery(event.id(), event.type(), WebhookDelivery.Kind.REDELIVERY, 1,
                endpoint, outcome.status(), outcome.error(), clock.instant(), false);
        record(delivery);
        return delivery;
    }

    /**
     * Fires {@code copies} identical deliveries (same body, same signature) at the same moment, each on its own
     * connection, and waits for every answer: what Stripe's at-least-once delivery can do to an endpoint.
     */
    List<WebhookDelivery> deliverConcurrently(StripeEvent event, int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1: " + copies);
        }
        String endpoint = requireEndpoint();
        String signature = sign(event.body(), clock.instant().getEpochSecond());
        HttpClient burst = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(copies));
        try {
            List<Future<Outcome>> sent = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                sent.add(send(burst, endpoint, event.body(), signature));
            }
            List<WebhookDelivery> out = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                Outcome outcome = await(sent.get(i));
                WebhookDelivery delivery = new WebhookDelivery(event.id(), event.type(),
                        WebhookDelivery.Kind.CONCURRENT, i + 1, endpoint, outcome.status(), outcome.error(),
                        clock.instant(), false);
                record(delivery);
                out.add(delivery);
            }
            return out;
        } finally {
            burst.close();
        }
    }

    private String requireEndpoint() {
        String endpoint = url;
        if (endpoint == null) {
            throw new IllegalStateException("no webhook endpoint is set (webhookEndpoint(url))");
        }
        return endpoint;
    }

    List<WebhookDelivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    void clear() {
        synchronized (deliveries) {
            deliveries.clear();
        }
        routes.clear();
    }

    /**
     * Waits for a 2xx delivery of the event. Fails at once when the event was never going to be sent and as soon as
     * the automatic attempts gave up.
     */
    WebhookDelivery awaitDelivered(String eventId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (deliveries) {
            while (true) {
                List<WebhookDelivery> mine = deliveries.stream().filter(d -> d.eventId().equals(eventId)).toList();
                for (WebhookDelivery delivery : mine) {
                    if (delivery.succeeded()) {
                        return delivery;
                    }
                }
                if (!routes.containsKey(eventId) && mine.isEmpty()) {
                    throw new AssertionError("event " + eventId + " is not delivered: there was no webhook endpoint"
                            + " for it when it happened, or its type is not enabled");
                }
                if (mine.stream().anyMatch(WebhookDelivery::gaveUp)) {
                    throw new AssertionError("the delivery of " + eventId + " was given up: " + mine);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("event " + eventId + " not delivered within " + wait + "; attempts: "
                            + mine);
                }
                try {
                    deliveries.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + eventId, e);
                }
            }
        }
    }

    private void record(WebhookDelivery delivery) {
        synchronized (deliveries) {
            deliveries.add(delivery);
            deliveries.notifyAll();
        }
    }

    /** The {@code Stripe-Signature} value for a body at a time. */
    String sign(String body, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private Future<Outcome> send(HttpClient http, String endpoint, String body, String signature) {
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(endpoint)
                    .setConnectTimeout(timeout.toMillis()).setTimeout(timeout.toMillis())
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Stripe-Signature", signature)
                    .putHeader("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                    .putHeader("Accept", "*/*; q=0.5, application/xml")
                    .putHeader("Cache-Control", "no-cache");
        } catch (RuntimeException e) {
            return Future.succeededFuture(new Outcome(0, "bad webhook URL " + endpoint + ": " + e.getMessage()));
        }
        return http.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> new Outcome(response.statusCode(), null)))
                .recover(error -> Future.succeededFuture(new Outcome(0, error.getClass().getSimpleName() + ": "
                        + error.getMessage())));
    }

    private Outcome await(Future<Outcome> future) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking webhook helpers cannot run on an event loop thread");
        }
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted");
        } catch (Exception e) {
            return new Outcome(0, e.toString());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private record Outcome(int status, String error) {
        boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }
}
