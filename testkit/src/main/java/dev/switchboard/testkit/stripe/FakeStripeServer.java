package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.stripe.StripeBackend.Call;
import dev.switchboard.testkit.stripe.StripeBackend.Idempotent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A fake of the Stripe API for tests and local runs, speaking Stripe's wire format: form-encoded requests with
 * bracket notation, Stripe's JSON objects and error bodies, {@code Idempotency-Key} replays and conflicts, a hosted
 * Checkout page, and signed webhooks with retries. The official client (stripe-java, API version
 * {@value #API_VERSION}) parses everything it answers.
 *
 * <h2>Endpoints</h2>
 * {@code POST /v1/customers}, {@code GET /v1/customers/{id}}, {@code POST /v1/checkout/sessions},
 * {@code GET /v1/checkout/sessions/{id}}, {@code GET /v1/checkout/sessions/{id}/line_items},
 * {@code POST /v1/checkout/sessions/{id}/expire}, {@code POST /v1/payment_intents},
 * {@code GET /v1/payment_intents/{id}}, {@code GET /v1/charges/{id}}, {@code POST /v1/refunds},
 * {@code GET /v1/refunds/{id}}, {@code GET /v1/setup_intents/{id}}, {@code GET /v1/payment_methods/{id}},
 * {@code GET /v1/events/{id}}; the hosted page {@code GET|POST /pay/{session id}}; {@code GET /health}.
 * Every {@code /v1} request needs the secret key ({@code Authorization: Bearer sk_…} or basic auth with the key as
 * user name). Unknown parameters are refused with 400 {@code parameter_unknown}, as Stripe refuses them.
 *
 * <h2>Test hooks</h2>
 * {@link #pay(String, String)} does what the hosted page's button does; {@link #settleAsync(String, boolean)} settles
 * a delayed payment; {@link #declinePaymentMethod(String)} makes a saved card decline; {@link #events()},
 * {@link #deliveries()}, {@link #awaitDelivered(String, Duration)}, {@link #redeliver(String)} and
 * {@link #deliverConcurrently(String, int)} observe and drive the webhooks.
 *
 * <p>One Vert.x event loop serves everything; the account's state has one lock, shared with the test hooks.
 */
public final class FakeStripeServer implements AutoCloseable {

    /**
     * The API version of every event, exactly stripe-java 33.3.0's {@code com.stripe.Stripe.API_VERSION}: stripe-java
     * only deserializes an event's {@code data.object} when the event's version matches its own (the release name
     * after the dot), otherwise {@code getDataObjectDeserializer().getObject()} is empty. Change it with the client.
     */
    public static final String API_VERSION = "2026-07-29.dahlia";

    /** The secret key tests and the local platform use unless told otherwise. */
    public static final String DEFAULT_SECRET_KEY = "sk_test_switchboard_fake";

    /** The default delays before the retries of a failed webhook delivery: fast, but shaped like Stripe's backoff. */
    public static final List<Duration> DEFAULT_RETRY_SCHEDULE = List.of(Duration.ofMillis(200),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5));

    private static final Logger LOG = Logger.getLogger(FakeStripeServer.class);
    private static final long STARTUP_SECONDS = 30;
    private static final long EXPIRY_SWEEP_MS = 1_000;

    private final Vertx vertx;
    private final Options options;
    private final StripeWebhooks webhooks;
    private final StripeBackend backend;
    private volatile int port;

    /** How to start a server; every setter returns this. */
    public static final class Options {
        private String host = "127.0.0.1";
        private int port;
        private String secretKey = DEFAULT_SECRET_KEY;
        private String webhookSecret;
        private String webhookUrl;
        private String publicUrl;
        private List<Duration> retrySchedule = DEFAULT_RETRY_SCHEDULE;
        private Duration webhookTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        /** Interface to listen on; default 127.0.0.1. */
        public Options host(String host) {
            this.host = host;
            return this;
        }

        /** Port; 0 (the default) picks a free one. */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** The only secret key the API accepts; default {@value FakeStripeServer#DEFAULT_SECRET_KEY}. */
        public Options secretKey(String secretKey) {
            this.secretKey = secretKey;
            return this;
        }

        /** The webhook signing secret ({@code whsec_…}); default a random one. */
        public Options webhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
            return this;
        }

        /** The webhook endpoint; default none (events are recorded, not sent) until {@link #webhookEndpoint}. */
        public Options webhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
            return this;
        }

        /** The root URL browsers reach the hosted page at, when it is not {@link #baseUrl()} (a proxy, a container). */
        public Options publicUrl(String publicUrl) {
            this.publicUrl = publicUrl;
            return this;
        }

        /** Delays before each retry of a failed delivery; after the last the delivery is given up. */
        public Options retrySchedule(List<Duration> retrySchedule) {
            this.retrySchedule = List.copyOf(retrySchedule);
            return this;
        }

        /** How long one delivery waits for the endpoint's answer; default 10 s. */
        public Options webhookTimeout(Duration webhookTimeout) {
            this.webhookTimeout = webhookTimeout;
            return this;
        }

        /** The clock of {@code created}, {@code expires_at} and the signature timestamps. */
        public Options clock(Clock clock) {
            this.clock = clock;
            return this;
        }
    }

    private FakeStripeServer(Options options) {
        this.options = options;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        String secret = options.webhookSecret != null ? options.webhookSecret : StripeJson.id("whsec_");
        this.webhooks = new StripeWebhooks(vertx, secret, options.webhookUrl, options.retrySchedule,
                options.webhookTimeout, options.clock);
        this.backend = new StripeBackend(options.clock, webhooks, this::publicUrl);
    }

    /** Starts a server on 127.0.0.1 with the default key and a random webhook secret; port 0 picks a free port. */
    public static FakeStripeServer start(int port) {
        return start(new Options().port(port));
    }

    public static FakeStripeServer start(Options options) {
        FakeStripeServer server = new FakeStripeServer(options);
        try {
            HttpServer http = await(server.vertx.createHttpServer(new HttpServerOptions().setHost(options.host)
                    .setPort(options.port).setTcpNoDelay(true)).requestHandler(server::handle).listen());
            server.port = http.actualPort();
            server.vertx.setPeriodic(EXPIRY_SWEEP_MS, id -> server.sweepExpired());
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The root URL, e.g. {@code http://127.0.0.1:41234}: give it to stripe-java as its API base. */
    public String baseUrl() {
        return "http://" + options.host + ":" + port;
    }

    private String publicUrl() {
        return options.publicUrl != null ? options.publicUrl : baseUrl();
    }

    public String secretKey() {
        return options.secretKey;
    }

    /** The signing secret ({@code whsec_…}) of the webhook endpoint. */
    public String webhookSecret() {
        return webhooks.secret();
    }

    /** The current webhook endpoint, or null. */
    public String webhookEndpoint() {
        return webhooks.url();
    }

    /** Sets (or with null removes) the webhook endpoint; events from now on go there. */
    public FakeStripeServer webhookEndpoint(String url) {
        webhooks.url(url);
        return this;
    }

    /**
     * The event types the endpoint subscribes to, like a Stripe endpoint's {@code enabled_events}; default
     * {@code *} (all). Events of other types are still created and listed, only not sent.
     */
    public FakeStripeServer enabledEvents(String... types) {
        webhooks.enabledEvents(new LinkedHashSet<>(Arrays.asList(types)));
        return this;
    }

    /** Changes the delays before the retries of failed deliveries (an empty list: no retries). */
    public FakeStripeServer retrySchedule(List<Duration> schedule) {
        webhooks.retrySchedule(schedule);
        return this;
    }

    // ---- events and webhooks ----

    /** Every event created, oldest first, whether or not it was sent. */
    public List<StripeEvent> events() {
        return backend.events();
    }

    /** The events of one type, oldest first. */
    public List<StripeEvent> events(String type) {
        return backend.events().stream().filter(e -> e.type().equals(type)).toList();
    }

    public StripeEvent event(String id) {
        return backend.event(id);
    }

    /** Every delivery attempt (automatic, retries, redeliveries, concurrent copies), in the order they ended. */
    public List<WebhookDelivery> deliveries() {
        return webhooks.deliveries();
    }

    public List<WebhookDelivery> deliveries(String eventId) {
        return webhooks.deliveries().stream().filter(d -> d.eventId().equals(eventId)).toList();
    }

    /**
     * Waits until the endpoint answered 2xx to a delivery of the event; throws {@link AssertionError} on timeout, as
     * soon as the automatic delivery was given up, or at once when the event was never going to be sent.
     */
    public WebhookDelivery awaitDelivered(String eventId, Duration timeout) {
        return webhooks.awaitDelivered(eventId, timeout);
    }

    /** Sends the event once more, freshly signed, to the current endpoint; waits for and returns the answer. */
    public WebhookDelivery redeliver(String eventId) {
        return webhooks.redeliver(backend.event(eventId));
    }

    /** Fires {@code copies} identical deliveries of the event at once and waits for every answer. */
    public List<WebhookDelivery> deliverConcurrently(String eventId, int copies) {
        return webhooks.deliverConcurrently(backend.event(eventId), copies);
    }

    /** A body signed now with the webhook secret, for posting a webhook by hand. */
    public SignedPayload signedPayload(String body) {
        long timestamp = options.clock.instant().getEpochSecond();
        return new SignedPayload(body, timestamp, sign(body, timestamp));
    }

    /** The {@code Stripe-Signature} header value for a body at any time (a stale one, for example). */
    public String sign(String body, long timestamp) {
        return webhooks.sign(body, timestamp);
    }

    // ---- the account ----

    /** Every Checkout Session, oldest first, as {@code GET /v1/checkout/sessions/{id}} answers it. */
    public List<JsonNode> sessions() {
        return backend.all("checkout.session");
    }

    /** A Checkout Session; {@link IllegalArgumentException} for an unknown id. */
    public JsonNode session(String id) {
        JsonNode object = backend.find(id);
        if (!"checkout.session".equals(object.path("object").asText())) {
            throw new IllegalArgumentException(id + " is a " + object.path("object").asText());
        }
        return object;
    }

    /** Any object by id (customer, payment_intent, charge, refund, setup_intent, payment_method, event). */
    public JsonNode object(String id) {
        return backend.find(id);
    }

    /**
     * Does what the hosted page's button does, with a card number from {@link TestCards} (or {@code async}); the
     * events it causes are delivered asynchronously afterwards.
     */
    public CheckoutPayment pay(String sessionId, String card) {
        Call call = Call.automatic();
        try {
            return backend.pay(sessionId, card, call);
        } finally {
            dispatch(call);
        }
    }

    /**
     * Settles the delayed payment of a session paid with {@code async}: succeeded → PaymentIntent succeeded,
     * session {@code paid}, {@code checkout.session.async_payment_succeeded}; failed → PaymentIntent
     * {@code requires_payment_method}, {@code checkout.session.async_payment_failed}. Answers the session.
     */
    public JsonNode settleAsync(String sessionId, boolean succeeded) {
        Call call = Call.automatic();
        try {
            return backend.settleAsync(sessionId, succeeded, call);
        } finally {
            dispatch(call);
        }
    }

    /** Makes every later off-session charge of a saved PaymentMethod decline ({@code generic_decline}). */
    public void declinePaymentMethod(String paymentMethodId) {
        backend.declinePaymentMethod(paymentMethodId);
    }

    /** Expires an open session now ({@code checkout.session.expired}), as if its {@code expires_at} had passed. */
    public JsonNode expire(String sessionId) {
        Call call = Call.automatic();
        try {
            return backend.expireNow(sessionId, call);
        } finally {
            dispatch(call);
        }
    }

    /** Forgets every object, event, idempotency key and delivery; keeps the keys, endpoint and schedule. */
    public void reset() {
        backend.reset();
        webhooks.clear();
    }

    @Override
    public void close() {
        try {
            webhooks.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- HTTP ----

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            try {
                if (path.startsWith("/v1/")) {
                    api(request, body);
                } else if (path.startsWith("/pay/")) {
                    page(request, body);
                } else if (path.equals("/health")) {
                    request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}");
                } else {
                    unrecognized(request, null);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "fake Stripe failed on %s %s", request.method(), path);
                if (!request.response().ended()) {
                    request.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                            .end("{\"error\":{\"message\":\"fake Stripe failure: " + e.getClass().getSimpleName()
                                    + "\",\"type\":\"api_error\"}}");
                }
            }
        });
    }

    private void api(HttpServerRequest request, Buffer body) {
        String requestId = StripeJson.id("req_");
        HttpServerResponse response = request.response();
        response.putHeader("Request-Id", requestId).putHeader("Stripe-Version", API_VERSION)
                .putHeader("Content-Type", "application/json");
        String key = request.method() == HttpMethod.POST ? request.getHeader("Idempotency-Key") : null;
        if (key != null) {
            response.putHeader("Idempotency-Key", key);
        }
        Call call = new Call(requestId, key);
        String method = request.method().name();
        String path = request.path();
        StripeParams params = null;
        try {
            authenticate(request);
            String contentType = request.getHeader("Content-Type");
            if (request.method() == HttpMethod.POST && body.length() > 0 && (contentType == null
                    || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded"))) {
                throw StripeApiException.invalidRequest("Invalid request: unsupported Content-Type " + contentType
                        + ". If error persists and you need assistance, please contact support@stripe.com.", null,
                        null);
            }
            params = StripeParams.parse(request.query(),
                    request.method() == HttpMethod.POST ? body.toString(StandardCharsets.UTF_8) : null);
            if (key != null) {
                Idempotent saved = backend.idempotent(key);
                if (saved != null) {
                    if (!saved.method().equals(method) || !saved.path().equals(path)
                            || !saved.params().equals(params.tree())) {
                        throw StripeApiException.idempotency("Keys for idempotent requests can only be used with the "
                                + "same parameters they were first used with. Try using a key other than '" + key
                                + "' if you meant to execute a different request.");
                    }
                    response.setStatusCode(saved.status()).putHeader("Idempotent-Replayed", "true")
                            .putHeader("Original-Request", saved.requestId()).end(saved.body());
                    return;
                }
            }
            ObjectNode answer = route(request.method(), path, params, call);
            String json = StripeJson.write(answer);
            if (key != null) {
                backend.remember(key, new Idempotent(method, path, params.tree(), 200, json, requestId));
            }
            response.setStatusCode(200).end(json);
        } catch (StripeApiException e) {
            String json = StripeJson.write(e.body(requestId));
            if (key != null && e.idempotent() && params != null) {
                backend.remember(key, new Idempotent(method, path, params.tree(), e.status(), json, requestId));
            }
            if (e.status() == 401) {
                response.putHeader("WWW-Authenticate", "Basic realm=\"Stripe\"");
            }
            response.setStatusCode(e.status()).end(json);
        } finally {
            dispatch(call);
        }
    }

    private ObjectNode route(HttpMethod method, String path, StripeParams params, Call call) {
        String[] parts = path.substring("/v1/".length()).split("/", -1);
        boolean get = method == HttpMethod.GET;
        boolean post = method == HttpMethod.POST;
        String first = parts[0];
        if (parts.length == 1 && post) {
            switch (first) {
                case "customers":
                    return backend.createCustomer(params, call);
                case "payment_intents":
                    return backend.createPaymentIntent(params, call);
                case "refunds":
                    return backend.createRefund(params, call);
                default:
                    break;
            }
        }
        if (parts.length == 2 && get && !parts[1].isEmpty()) {
            String kind = switch (first) {
                case "customers" -> "customer";
                case "payment_intents" -> "payment_intent";
                case "charges" -> "charge";
                case "refunds" -> "refund";
                case "setup_intents" -> "setup_intent";
                case "payment_methods" -> "payment_method";
                case "events" -> "event";
                default -> null;
            };
            if (kind != null) {
                return backend.retrieve(kind, parts[1], params);
            }
        }
        if (first.equals("checkout") && parts.length >= 2 && parts[1].equals("sessions")) {
            if (parts.length == 2 && post) {
                return backend.createSession(params, call);
            }
            if (parts.length == 3 && get && !parts[2].isEmpty()) {
                return backend.retrieve("checkout.session", parts[2], params);
            }
            if (parts.length == 4 && get && parts[3].equals("line_items")) {
                return backend.sessionLineItems(parts[2], params);
            }
            if (parts.length == 4 && post && parts[3].equals("expire")) {
                return backend.expireSession(parts[2], params, call);
            }
        }
        throw StripeApiException.invalidRequest("Unrecognized request URL (" + method.name() + ": " + path
                + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", null, null)
                .withStatus(404);
    }

    private void unrecognized(HttpServerRequest request, String requestId) {
        StripeApiException e = StripeApiException.invalidRequest("Unrecognized request URL (" + request.method().name()
                + ": " + request.path() + "). Please see https://stripe.com/docs or we can help at "
                + "https://support.stripe.com/.", null, null);
        request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                .end(StripeJson.write(e.body(requestId)));
    }

    /** Bearer auth, or basic auth with the key as the user name (how curl and older clients send it). */
    private void authenticate(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        String key = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = header.substring(7).trim();
        } else if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
                key = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
            } catch (IllegalArgumentException e) {
                key = "";
            }
        }
        if (key == null || key.isEmpty()) {
            throw StripeApiException.authentication("You did not provide an API key. You need to provide your API "
                    + "key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                    + "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help "
                    + "at https://support.stripe.com/.");
        }
        if (!key.equals(options.secretKey)) {
            throw StripeApiException.authentication("Invalid API Key provided: " + mask(key));
        }
    }

    /** Stripe shows a wrong key with all but its prefix and last four characters starred. */
    private static String mask(String key) {
        int prefix = key.startsWith("sk_test_") ? 8 : key.startsWith("sk_live_") ? 8 : 0;
        if (key.length() <= prefix + 4) {
            return key.substring(0, Math.min(prefix, key.length())) + "*".repeat(Math.max(0, key.length() - prefix));
        }
        return key.substring(0, prefix) + "*".repeat(key.length() - prefix - 4) + key.substring(key.length() - 4);
    }

    private void page(HttpServerRequest request, Buffer body) {
        String id = request.path().substring("/pay/".length());
        HttpServerResponse response = request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store");
        sweepExpired();
        CheckoutPage.View view = backend.pageView(id);
        if (view == null) {
            response.setStatusCode(404).end(CheckoutPage.closed("Checkout Session not found",
                    "There is no Checkout Session " + id + "."));
            return;
        }
        if (request.method() == HttpMethod.GET) {
            showPage(response, view, null, 200);
            return;
        }
        if (request.method() != HttpMethod.POST) {
            response.setStatusCode(405).putHeader("Allow", "GET, POST").end();
            return;
        }
        String card = null;
        try {
            card = StripeParams.parse(null, body.toString(StandardCharsets.UTF_8)).string("card");
        } catch (StripeApiException e) {
            // not a form: treated as no card chosen
        }
        if (card == null) {
            showPage(response, view, "Choose a card.", 200);
            return;
        }
        CheckoutPayment payment = pay(id, card);
        switch (payment.outcome()) {
            case COMPLETED -> response.setStatusCode(303).putHeader("Location", payment.redirectUrl()).end();
            case DECLINED -> showPage(response, backend.pageView(id), payment.message(), 200);
            case NOT_OPEN -> showPage(response, backend.pageView(id), null, 409);
            default -> throw new IllegalStateException(payment.outcome().name());
        }
    }

    private static void showPage(HttpServerResponse response, CheckoutPage.View view, String error, int status) {
        JsonNode session = view.session();
        String state = session.path("status").asText();
        String html = switch (state) {
            case "open" -> CheckoutPage.open(view, error);
            case "complete" -> CheckoutPage.closed("Already complete", "This Checkout Session is already complete: "
                    + ("setup".equals(session.path("mode").asText()) ? "the card is saved."
                            : "the payment was made.") + " Nothing more to pay.");
            default -> CheckoutPage.closed("Session expired", "This Checkout Session has expired.");
        };
        response.setStatusCode(status).end(html);
    }

    private void sweepExpired() {
        Call call = Call.automatic();
        try {
            backend.expireDue(call);
        } finally {
            dispatch(call);
        }
    }

    /** Hands the events of a finished request or hook to the webhook sender; never inside the request. */
    private void dispatch(Call call) {
        for (StripeEvent event : call.events) {
            webhooks.deliver(event);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the fake Stripe", e);
        } catch (Exception e) {
            throw new IllegalStateException("fake Stripe did not start: " + e.getMessage(), e);
        }
    }
}
