package dev.switchboard.testkit.stripe;

import static dev.switchboard.testkit.stripe.StripeTesting.client;
import static dev.switchboard.testkit.stripe.StripeTesting.customer;
import static dev.switchboard.testkit.stripe.StripeTesting.paymentSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook delivery: signatures, retries with backoff, giving up, redelivery and concurrent copies. */
class FakeStripeWebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<Duration> FAST = List.of(Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(150));

    private FakeStripeServer server;
    private WebhookReceiver receiver;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.start();
        server = FakeStripeServer.start(new FakeStripeServer.Options().webhookUrl(receiver.url())
                .retrySchedule(FAST));
        stripe = client(server);
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    private StripeEvent paidSessionEvent() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 500, 1);
        server.pay(session.getId(), TestCards.VISA);
        return server.events("checkout.session.completed").get(0);
    }

    @Test
    void events_are_stripe_event_objects() throws Exception {
        StripeEvent event = paidSessionEvent();

        assertThat(event.id()).matches("evt_[A-Za-z0-9]{24}");
        assertThat(event.json().path("object").asText()).isEqualTo("event");
        assertThat(event.json().path("api_version").asText()).isEqualTo("2026-07-29.dahlia")
                .isEqualTo(com.stripe.Stripe.API_VERSION);
        assertThat(event.json().path("livemode").asBoolean(true)).isFalse();
        assertThat(event.json().path("pending_webhooks").asInt()).isEqualTo(1);
        assertThat(event.json().path("created").asLong()).isPositive();
        // Paid on the hosted page, not through the API: no request caused it.
        assertThat(event.json().path("request").path("id").isNull()).isTrue();
        assertThat(event.json().path("request").has("idempotency_key")).isTrue();
        assertThat(event.dataObject().path("object").asText()).isEqualTo("checkout.session");
        assertThat(server.event(event.id())).isEqualTo(event);
        assertThat(server.object(event.id()).path("type").asText()).isEqualTo("checkout.session.completed");
    }

    @Test
    void every_delivery_is_signed_with_the_endpoint_secret() throws Exception {
        StripeEvent event = paidSessionEvent();
        WebhookReceiver.Received received = receiver.await(event.id(), WAIT);

        assertThat(received.body()).isEqualTo(event.body());
        assertThat(received.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(received.userAgent()).startsWith("Stripe/1.0");
        assertThat(Webhook.constructEvent(received.body(), received.signature(), server.webhookSecret()).getId())
                .isEqualTo(event.id());
        assertThatThrownBy(() -> Webhook.constructEvent(received.body(), received.signature(), "whsec_other"))
                .isInstanceOf(SignatureVerificationException.class);
        assertThatThrownBy(() -> Webhook.constructEvent(received.body().replace("complete", "completf"),
                received.signature(), server.webhookSecret()))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void the_signing_helpers_forge_fresh_and_stale_signatures() throws Exception {
        String body = paidSessionEvent().body();
        long now = System.currentTimeMillis() / 1000;

        SignedPayload fresh = server.signedPayload(body);
        String stale = server.sign(body, now - 3600);

        assertThat(fresh.body()).isEqualTo(body);
        assertThat(fresh.header()).startsWith("t=" + fresh.timestamp() + ",v1=");
        assertThat(Math.abs(fresh.timestamp() - now)).isLessThan(5);
        Event event = Webhook.constructEvent(body, fresh.header(), server.webhookSecret());
        assertThat(event.getType()).isEqualTo("checkout.session.completed");
        assertThatThrownBy(() -> Webhook.constructEvent(body, stale, server.webhookSecret(), 300))
                .isInstanceOf(SignatureVerificationException.class)
                .hasMessageContaining("tolerance");
    }

    @Test
    void a_failing_endpoint_is_retried_until_it_answers_2xx() throws Exception {
        receiver.answerNext(500, 500);

        StripeEvent event = paidSessionEventOnlyCompleted();
        WebhookDelivery delivered = server.awaitDelivered(event.id(), WAIT);

        assertThat(delivered.attempt()).isEqualTo(3);
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(server.deliveries(event.id())).extracting(WebhookDelivery::status).containsExactly(500, 500, 200);
        assertThat(server.deliveries(event.id())).extracting(WebhookDelivery::attempt).containsExactly(1, 2, 3);
        assertThat(server.deliveries(event.id())).noneMatch(WebhookDelivery::gaveUp);
        List<WebhookReceiver.Received> copies = receiver.received().stream()
                .filter(r -> r.body().contains(event.id())).toList();
        assertThat(copies).hasSize(3).allSatisfy(r -> assertThat(r.body()).isEqualTo(event.body()));
    }

    /** Only checkout.session.completed is subscribed to, so the scripted answers hit that event's deliveries. */
    private StripeEvent paidSessionEventOnlyCompleted() throws Exception {
        server.enabledEvents("checkout.session.completed");
        StripeEvent event = paidSessionEvent();
        assertThat(server.events("customer.created").get(0).json().path("pending_webhooks").asInt()).isZero();
        return event;
    }

    @Test
    void a_delivery_is_given_up_after_the_schedule_and_can_be_redelivered() throws Exception {
        receiver.answerNext(500, 503, 500, 502);

        StripeEvent event = paidSessionEventOnlyCompleted();

        assertThatThrownBy(() -> server.awaitDelivered(event.id(), WAIT)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("given up");
        List<WebhookDelivery> attempts = server.deliveries(event.id());
        assertThat(attempts).hasSize(4);
        assertThat(attempts.get(3).gaveUp()).isTrue();
        assertThat(attempts.subList(0, 3)).noneMatch(WebhookDelivery::gaveUp);

        WebhookDelivery again = server.redeliver(event.id());

        assertThat(again.kind()).isEqualTo(WebhookDelivery.Kind.REDELIVERY);
        assertThat(again.succeeded()).isTrue();
        assertThat(server.awaitDelivered(event.id(), WAIT)).isEqualTo(again);
    }

    @Test
    void a_dead_endpoint_is_a_connection_error_not_a_status() throws Exception {
        String dead = receiver.url();
        receiver.close();
        server.retrySchedule(List.of(Duration.ofMillis(20)));

        StripeEvent event = paidSessionEventOnlyCompleted();

        assertThatThrownBy(() -> server.awaitDelivered(event.id(), WAIT)).isInstanceOf(AssertionError.class);
        assertThat(server.deliveries(event.id())).hasSize(2).allSatisfy(d -> {
            assertThat(d.status()).isZero();
            assertThat(d.error()).isNotBlank();
            assertThat(d.url()).isEqualTo(dead);
        });
    }

    @Test
    void a_redelivery_is_freshly_signed_with_the_same_body() throws Exception {
        StripeEvent event = paidSessionEvent();
        server.awaitDelivered(event.id(), WAIT);

        server.redeliver(event.id());

        List<WebhookReceiver.Received> copies = receiver.received().stream()
                .filter(r -> r.body().contains(event.id())).toList();
        assertThat(copies).hasSize(2);
        assertThat(copies.get(1).body()).isEqualTo(copies.get(0).body());
        Webhook.constructEvent(copies.get(1).body(), copies.get(1).signature(), server.webhookSecret());
    }

    @Test
    void concurrent_copies_arrive_at_the_same_time() throws Exception {
        StripeEvent event = paidSessionEvent();
        server.awaitDelivered(event.id(), WAIT);
        receiver.hold(Duration.ofMillis(300));

        List<WebhookDelivery> copies = server.deliverConcurrently(event.id(), 5);

        assertThat(copies).hasSize(5).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.kind()).isEqualTo(WebhookDelivery.Kind.CONCURRENT);
        });
        assertThat(receiver.maxInFlight()).isGreaterThanOrEqualTo(4);
        List<WebhookReceiver.Received> received = receiver.received().stream()
                .filter(r -> r.body().contains(event.id())).toList();
        assertThat(received).hasSize(6);
        assertThat(received.subList(1, 6)).extracting(WebhookReceiver.Received::signature).containsOnly(
                received.get(1).signature());
    }

    @Test
    void without_an_endpoint_events_are_recorded_but_not_sent() throws Exception {
        server.webhookEndpoint(null);

        StripeEvent event = paidSessionEvent();

        assertThat(event.json().path("pending_webhooks").asInt()).isZero();
        assertThatThrownBy(() -> server.awaitDelivered(event.id(), WAIT)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no webhook endpoint");
        assertThatThrownBy(() -> server.redeliver(event.id())).isInstanceOf(IllegalStateException.class);
        server.webhookEndpoint(receiver.url());
        assertThat(server.redeliver(event.id()).succeeded()).isTrue();
    }

    @Test
    void events_of_an_api_request_name_the_request_and_its_idempotency_key() throws Exception {
        var customer = customer(stripe, "ada@example.com");

        StripeEvent created = server.events("customer.created").get(0);

        assertThat(created.dataObject().path("id").asText()).isEqualTo(customer.getId());
        assertThat(created.json().path("request").path("id").asText())
                .isEqualTo(customer.getLastResponse().requestId());
        // stripe-java sends an Idempotency-Key of its own on every POST.
        assertThat(created.json().path("request").path("idempotency_key").asText())
                .isEqualTo(customer.getLastResponse().idempotencyKey()).isNotBlank();
        server.awaitDelivered(created.id(), WAIT);
    }
}
