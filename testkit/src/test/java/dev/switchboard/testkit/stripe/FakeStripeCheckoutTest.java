package dev.switchboard.testkit.stripe;

import static dev.switchboard.testkit.stripe.StripeTesting.client;
import static dev.switchboard.testkit.stripe.StripeTesting.customer;
import static dev.switchboard.testkit.stripe.StripeTesting.paymentSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.LineItem;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkout in payment mode, through the official stripe-java client and a real webhook endpoint. */
class FakeStripeCheckoutTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static FakeStripeServer server;
    private static WebhookReceiver receiver;
    private static StripeClient stripe;

    @BeforeAll
    static void start() {
        server = FakeStripeServer.start(0);
        receiver = WebhookReceiver.start();
        server.webhookEndpoint(receiver.url());
        stripe = client(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    @Test
    void a_customer_is_created_and_read_back() throws Exception {
        Customer created = customer(stripe, "ada@example.com");

        Customer read = stripe.v1().customers().retrieve(created.getId());

        assertThat(created.getId()).matches("cus_[A-Za-z0-9]{14}");
        assertThat(read.getEmail()).isEqualTo("ada@example.com");
        assertThat(read.getName()).isEqualTo("Ada");
        assertThat(read.getMetadata()).containsEntry("organization_id", "org-1");
        assertThat(read.getLivemode()).isFalse();
        assertThat(read.getCreated()).isPositive();
    }

    @Test
    void a_payment_session_has_the_total_the_hosted_url_and_the_metadata() throws Exception {
        Customer customer = customer(stripe, "ada@example.com");

        Session session = paymentSession(stripe, customer.getId(), 1234, 3);

        assertThat(session.getId()).startsWith("cs_test_");
        assertThat(session.getObject()).isEqualTo("checkout.session");
        assertThat(session.getAmountTotal()).isEqualTo(3702L);
        assertThat(session.getAmountSubtotal()).isEqualTo(3702L);
        assertThat(session.getCurrency()).isEqualTo("usd");
        assertThat(session.getMode()).isEqualTo("payment");
        assertThat(session.getStatus()).isEqualTo("open");
        assertThat(session.getPaymentStatus()).isEqualTo("unpaid");
        assertThat(session.getPaymentIntent()).isNull();
        assertThat(session.getCustomer()).isEqualTo(customer.getId());
        assertThat(session.getClientReferenceId()).isEqualTo("org-1");
        assertThat(session.getMetadata()).containsEntry("payment_id", "pay-42");
        assertThat(session.getUrl()).isEqualTo(server.baseUrl() + "/pay/" + session.getId());
        assertThat(session.getExpiresAt()).isEqualTo(session.getCreated() + 24 * 3600);
        assertThat(session.getPaymentMethodTypes()).containsExactly("card");

        List<LineItem> items = stripe.v1().checkout().sessions().lineItems().list(session.getId()).getData();
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.getDescription()).isEqualTo("Switchboard credit");
            assertThat(item.getQuantity()).isEqualTo(3L);
            assertThat(item.getAmountTotal()).isEqualTo(3702L);
            assertThat(item.getPrice().getUnitAmount()).isEqualTo(1234L);
        });
    }

    @Test
    void paying_completes_the_session_and_delivers_a_verifiable_checkout_session_completed() throws Exception {
        Customer customer = customer(stripe, "ada@example.com");
        Session session = paymentSession(stripe, customer.getId(), 500, 2);

        CheckoutPayment payment = server.pay(session.getId(), TestCards.VISA);

        assertThat(payment.completed()).isTrue();
        assertThat(payment.redirectUrl())
                .isEqualTo("https://app.example/billing/done?session=" + session.getId());
        StripeEvent completed = server.events("checkout.session.completed").get(0);
        WebhookReceiver.Received received = receiver.await(completed.id(), WAIT);
        assertThat(received.contentType()).isEqualTo("application/json; charset=utf-8");

        Event event = Webhook.constructEvent(received.body(), received.signature(), server.webhookSecret());

        assertThat(event.getType()).isEqualTo("checkout.session.completed");
        assertThat(event.getApiVersion()).isEqualTo(com.stripe.Stripe.API_VERSION);
        assertThat(event.getLivemode()).isFalse();
        StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow(
                () -> new AssertionError("stripe-java did not deserialize data.object: api_version mismatch?"));
        Session paid = (Session) object;
        assertThat(paid.getId()).isEqualTo(session.getId());
        assertThat(paid.getStatus()).isEqualTo("complete");
        assertThat(paid.getPaymentStatus()).isEqualTo("paid");
        assertThat(paid.getAmountTotal()).isEqualTo(1000L);
        assertThat(paid.getMetadata()).containsEntry("payment_id", "pay-42");
        assertThat(paid.getPaymentIntent()).startsWith("pi_");
        assertThat(paid.getUrl()).isNull();
        assertThat(paid.getCustomerDetails().getEmail()).isEqualTo("ada@example.com");
        assertThat(server.awaitDelivered(completed.id(), WAIT).status()).isEqualTo(200);
    }

    @Test
    void the_paid_session_expands_to_a_succeeded_payment_intent_with_its_charge() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 700, 1);
        server.pay(session.getId(), TestCards.VISA);

        Session read = stripe.v1().checkout().sessions().retrieve(session.getId(),
                SessionRetrieveParams.builder().addExpand("payment_intent").build());

        PaymentIntent intent = read.getPaymentIntentObject();
        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmount()).isEqualTo(700L);
        assertThat(intent.getAmountReceived()).isEqualTo(700L);
        assertThat(intent.getMetadata()).containsEntry("payment_id", "pay-42");
        assertThat(intent.getCustomer()).isEqualTo(session.getCustomer());
        Charge charge = stripe.v1().charges().retrieve(intent.getLatestCharge());
        assertThat(charge.getId()).startsWith("ch_");
        assertThat(charge.getAmount()).isEqualTo(700L);
        assertThat(charge.getAmountRefunded()).isZero();
        assertThat(charge.getPaid()).isTrue();
        assertThat(charge.getPaymentIntent()).isEqualTo(intent.getId());
        assertThat(charge.getPaymentMethodDetails().getCard().getLast4()).isEqualTo("4242");
        assertThat(server.events()).extracting(StripeEvent::type).containsSubsequence(
                "payment_intent.created", "charge.succeeded", "payment_intent.succeeded",
                "checkout.session.completed");
    }

    @Test
    void a_declined_card_leaves_the_session_open_and_sends_nothing() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 500, 1);
        int before = server.events().size();

        CheckoutPayment payment = server.pay(session.getId(), TestCards.DECLINED);

        assertThat(payment.outcome()).isEqualTo(CheckoutPayment.Outcome.DECLINED);
        assertThat(payment.message()).isEqualTo("Your card was declined.");
        assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus()).isEqualTo("open");
        assertThat(server.events()).hasSize(before);
    }

    @Test
    void a_session_is_paid_once() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 500, 1);
        server.pay(session.getId(), TestCards.VISA);

        CheckoutPayment again = server.pay(session.getId(), TestCards.VISA);

        assertThat(again.outcome()).isEqualTo(CheckoutPayment.Outcome.NOT_OPEN);
        assertThat(server.events("payment_intent.succeeded")).hasSize(1);
        assertThat(server.events("checkout.session.completed")).hasSize(1);
    }

    @Test
    void a_delayed_payment_completes_unpaid_then_settles() throws Exception {
        Session first = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 900, 1);
        Session second = paymentSession(stripe, first.getCustomer(), 900, 1);

        server.pay(first.getId(), TestCards.ASYNC);
        server.pay(second.getId(), TestCards.ASYNC);

        Session pending = stripe.v1().checkout().sessions().retrieve(first.getId());
        assertThat(pending.getStatus()).isEqualTo("complete");
        assertThat(pending.getPaymentStatus()).isEqualTo("unpaid");
        assertThat(stripe.v1().paymentIntents().retrieve(pending.getPaymentIntent()).getStatus())
                .isEqualTo("processing");
        assertThat(server.events("checkout.session.completed")).hasSize(2);

        server.settleAsync(first.getId(), true);
        server.settleAsync(second.getId(), false);

        assertThat(stripe.v1().checkout().sessions().retrieve(first.getId()).getPaymentStatus()).isEqualTo("paid");
        assertThat(stripe.v1().paymentIntents().retrieve(pending.getPaymentIntent()).getStatus())
                .isEqualTo("succeeded");
        assertThat(stripe.v1().checkout().sessions().retrieve(second.getId()).getPaymentStatus())
                .isEqualTo("unpaid");
        StripeEvent succeeded = server.events("checkout.session.async_payment_succeeded").get(0);
        StripeEvent failed = server.events("checkout.session.async_payment_failed").get(0);
        assertThat(succeeded.dataObject().path("id").asText()).isEqualTo(first.getId());
        assertThat(succeeded.dataObject().path("payment_status").asText()).isEqualTo("paid");
        assertThat(failed.dataObject().path("id").asText()).isEqualTo(second.getId());
        Event parsed = Webhook.constructEvent(succeeded.body(), server.signedPayload(succeeded.body()).header(),
                server.webhookSecret());
        assertThat(((Session) parsed.getDataObjectDeserializer().getObject().orElseThrow()).getPaymentStatus())
                .isEqualTo("paid");
        assertThatThrownBy(() -> server.settleAsync(first.getId(), true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_unknown_session_is_a_404_resource_missing() {
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().retrieve("cs_test_nope"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getStripeError().getMessage()).isEqualTo("No such checkout.session: 'cs_test_nope'");
                    assertThat(e.getRequestId()).startsWith("req_");
                });
    }

    @Test
    void a_session_can_be_expired_once() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 500, 1);

        Session expired = stripe.v1().checkout().sessions().expire(session.getId());

        assertThat(expired.getStatus()).isEqualTo("expired");
        assertThat(expired.getUrl()).isNull();
        assertThat(server.events("checkout.session.expired")).hasSize(1);
        assertThat(server.pay(session.getId(), TestCards.VISA).outcome())
                .isEqualTo(CheckoutPayment.Outcome.NOT_OPEN);
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().expire(session.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    @Test
    void invalid_sessions_are_refused_with_stripes_errors() {
        SessionCreateParams noSuccessUrl = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("usd")
                                .setUnitAmount(500L).setProductData(SessionCreateParams.LineItem.PriceData
                                        .ProductData.builder().setName("x").build()).build()).build())
                .build();
        SessionCreateParams tooSmall = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://app.example/done")
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency("usd")
                                .setUnitAmount(10L).setProductData(SessionCreateParams.LineItem.PriceData
                                        .ProductData.builder().setName("x").build()).build()).build())
                .build();
        SessionCreateParams unknownCustomer = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SETUP)
                .setCurrency("usd").setCustomer("cus_missing").setSuccessUrl("https://app.example/done").build();

        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(noSuccessUrl))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("parameter_missing");
                    assertThat(e.getParam()).isEqualTo("success_url");
                });
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(tooSmall))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("amount_too_small"));
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(unknownCustomer))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("customer");
                });
        assertThat(server.sessions()).isEmpty();
    }
}
