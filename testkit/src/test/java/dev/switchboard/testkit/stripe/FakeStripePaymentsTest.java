package dev.switchboard.testkit.stripe;

import static dev.switchboard.testkit.stripe.StripeTesting.client;
import static dev.switchboard.testkit.stripe.StripeTesting.customer;
import static dev.switchboard.testkit.stripe.StripeTesting.paymentSession;
import static dev.switchboard.testkit.stripe.StripeTesting.setupSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Refund;
import com.stripe.model.SetupIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saved cards, off-session PaymentIntents, declines, refunds, idempotency keys and the secret key. */
class FakeStripePaymentsTest {

    private static FakeStripeServer server;
    private static StripeClient stripe;

    @BeforeAll
    static void start() {
        server = FakeStripeServer.start(0);
        stripe = client(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    /** Saves a card through a setup-mode session and answers its SetupIntent. */
    private static SetupIntent saveCard(Customer customer, String card) throws Exception {
        Session session = setupSession(stripe, customer.getId());
        assertThat(session.getPaymentStatus()).isEqualTo("no_payment_required");
        assertThat(session.getSetupIntent()).startsWith("seti_");
        assertThat(server.pay(session.getId(), card).completed()).isTrue();
        Session done = stripe.v1().checkout().sessions().retrieve(session.getId());
        assertThat(done.getStatus()).isEqualTo("complete");
        return stripe.v1().setupIntents().retrieve(done.getSetupIntent());
    }

    private static PaymentIntentCreateParams offSession(Customer customer, String paymentMethod, long amount) {
        return PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("usd")
                .setCustomer(customer.getId()).setPaymentMethod(paymentMethod)
                .setOffSession(true).setConfirm(true).setDescription("Auto top-up")
                .putMetadata("auto_topup", "at-7").build();
    }

    @Test
    void a_card_saved_in_setup_mode_pays_off_session() throws Exception {
        Customer customer = customer(stripe, "ada@example.com");

        SetupIntent setupIntent = saveCard(customer, TestCards.VISA);
        PaymentMethod method = stripe.v1().paymentMethods().retrieve(setupIntent.getPaymentMethod());
        PaymentIntent intent = stripe.v1().paymentIntents().create(offSession(customer, method.getId(), 2500));

        assertThat(setupIntent.getStatus()).isEqualTo("succeeded");
        assertThat(setupIntent.getCustomer()).isEqualTo(customer.getId());
        assertThat(setupIntent.getMetadata()).containsEntry("auto_topup", "at-7");
        assertThat(method.getId()).startsWith("pm_");
        assertThat(method.getType()).isEqualTo("card");
        assertThat(method.getCustomer()).isEqualTo(customer.getId());
        assertThat(method.getCard().getLast4()).isEqualTo("4242");
        assertThat(method.getCard().getBrand()).isEqualTo("visa");
        assertThat(intent.getId()).startsWith("pi_");
        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmountReceived()).isEqualTo(2500L);
        assertThat(intent.getMetadata()).containsEntry("auto_topup", "at-7");
        assertThat(intent.getDescription()).isEqualTo("Auto top-up");
        Charge charge = stripe.v1().charges().retrieve(intent.getLatestCharge());
        assertThat(charge.getStatus()).isEqualTo("succeeded");
        assertThat(charge.getAmount()).isEqualTo(2500L);
        StripeEvent succeeded = server.events("payment_intent.succeeded").get(0);
        assertThat(succeeded.dataObject().path("id").asText()).isEqualTo(intent.getId());
        assertThat(succeeded.json().path("request").path("id").asText()).isEqualTo(
                intent.getLastResponse().requestId());
        assertThat(server.events()).extracting(StripeEvent::type).containsSubsequence("payment_method.attached",
                "setup_intent.succeeded", "checkout.session.completed");
    }

    @Test
    void a_declining_saved_card_is_a_card_exception_and_payment_failed() throws Exception {
        Customer customer = customer(stripe, "ada@example.com");
        String method = saveCard(customer, TestCards.ATTACH_THEN_DECLINE).getPaymentMethod();

        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(offSession(customer, method, 2500)))
                .isInstanceOfSatisfying(CardException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(402);
                    assertThat(e.getCode()).isEqualTo("card_declined");
                    assertThat(e.getDeclineCode()).isEqualTo("generic_decline");
                    assertThat(e.getStripeError().getMessage()).isEqualTo("Your card was declined.");
                    assertThat(e.getStripeError().getType()).isEqualTo("card_error");
                    PaymentIntent intent = e.getStripeError().getPaymentIntent();
                    assertThat(intent.getStatus()).isEqualTo("requires_payment_method");
                    assertThat(intent.getLastPaymentError().getCode()).isEqualTo("card_declined");
                    assertThat(intent.getMetadata()).containsEntry("auto_topup", "at-7");
                    assertThat(e.getCharge()).startsWith("ch_");
                });
        StripeEvent failed = server.events("payment_intent.payment_failed").get(0);
        Event event = Webhook.constructEvent(failed.body(), server.signedPayload(failed.body()).header(),
                server.webhookSecret());
        PaymentIntent failedIntent = (PaymentIntent) event.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(failedIntent.getStatus()).isEqualTo("requires_payment_method");
        assertThat(failedIntent.getLastPaymentError().getDeclineCode()).isEqualTo("generic_decline");
        assertThat(server.events("payment_intent.succeeded")).isEmpty();
    }

    @Test
    void the_decline_hook_turns_a_good_saved_card_into_a_declining_one() throws Exception {
        Customer customer = customer(stripe, "ada@example.com");
        String method = saveCard(customer, TestCards.VISA).getPaymentMethod();
        assertThat(stripe.v1().paymentIntents().create(offSession(customer, method, 1000)).getStatus())
                .isEqualTo("succeeded");

        server.declinePaymentMethod(method);

        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(offSession(customer, method, 1000)))
                .isInstanceOfSatisfying(CardException.class, e -> assertThat(e.getCode()).isEqualTo("card_declined"));
    }

    @Test
    void a_card_declined_while_saving_is_not_saved() throws Exception {
        Customer customer = customer(stripe, "ada@example.com");
        Session session = setupSession(stripe, customer.getId());

        CheckoutPayment payment = server.pay(session.getId(), TestCards.DECLINED);

        assertThat(payment.outcome()).isEqualTo(CheckoutPayment.Outcome.DECLINED);
        assertThat(stripe.v1().setupIntents().retrieve(session.getSetupIntent()).getStatus())
                .isEqualTo("requires_payment_method");
    }

    @Test
    void refunds_take_part_then_the_rest_then_refuse_one_too_many() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 1000, 1);
        server.pay(session.getId(), TestCards.VISA);
        String intentId = stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentIntent();

        Refund part = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intentId)
                .setAmount(300L).setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putMetadata("ledger_entry", "le-1").build());
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(intentId).setAmount(701L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("amount");
                    assertThat(e.getStripeError().getMessage())
                            .isEqualTo("Refund amount ($7.01) is greater than unrefunded amount on charge ($7.00)");
                });
        Refund rest = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intentId).build());

        assertThat(part.getId()).startsWith("re_");
        assertThat(part.getAmount()).isEqualTo(300L);
        assertThat(part.getStatus()).isEqualTo("succeeded");
        assertThat(part.getPaymentIntent()).isEqualTo(intentId);
        assertThat(part.getMetadata()).containsEntry("ledger_entry", "le-1");
        assertThat(part.getReason()).isEqualTo("requested_by_customer");
        assertThat(rest.getAmount()).isEqualTo(700L);
        Charge charge = stripe.v1().charges().retrieve(part.getCharge(),
                ChargeRetrieveParams.builder().addExpand("refunds").build(), null);
        assertThat(charge.getAmountRefunded()).isEqualTo(1000L);
        assertThat(charge.getRefunded()).isTrue();
        assertThat(charge.getRefunds().getData()).extracting(Refund::getId).containsExactly(rest.getId(),
                part.getId());
        assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(intentId).setAmount(1L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("charge_already_refunded"));

        StripeEvent firstRefunded = server.events("charge.refunded").get(0);
        Event event = Webhook.constructEvent(firstRefunded.body(),
                server.signedPayload(firstRefunded.body()).header(), server.webhookSecret());
        Charge refundedCharge = (Charge) event.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(refundedCharge.getAmountRefunded()).isEqualTo(300L);
        assertThat(refundedCharge.getRefunded()).isFalse();
        assertThat(refundedCharge.getRefunds().getData()).extracting(Refund::getId).containsExactly(part.getId());
        assertThat(server.events("refund.created")).hasSize(2);
        assertThat(server.events("charge.refunded").get(1).dataObject().path("refunded").asBoolean()).isTrue();
    }

    @Test
    void the_same_idempotency_key_replays_the_first_answer() throws Exception {
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("customer-org-1").build();
        CustomerCreateParams params = CustomerCreateParams.builder().setEmail("ada@example.com").build();

        Customer first = stripe.v1().customers().create(params, key);
        Customer second = stripe.v1().customers().create(params, key);

        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(second.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(server.events("customer.created")).hasSize(1);
        assertThat(server.events("customer.created").get(0).json().path("request").path("idempotency_key")
                .asText()).isEqualTo("customer-org-1");
    }

    @Test
    void the_same_idempotency_key_with_other_parameters_is_an_idempotency_error() throws Exception {
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("customer-org-2").build();
        stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("ada@example.com").build(), key);

        assertThatThrownBy(() -> stripe.v1().customers().create(
                CustomerCreateParams.builder().setEmail("bob@example.com").build(), key))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getStripeError().getType()).isEqualTo("idempotency_error");
                    assertThat(e.getStripeError().getMessage()).contains("same parameters");
                });
        assertThat(server.events("customer.created")).hasSize(1);
    }

    @Test
    void a_declined_payment_is_replayed_as_the_same_decline_for_its_key() throws Exception {
        Customer customer = customer(stripe, "ada@example.com");
        String method = saveCard(customer, TestCards.ATTACH_THEN_DECLINE).getPaymentMethod();
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("topup-1").build();

        CardException first = catchCard(() -> stripe.v1().paymentIntents().create(offSession(customer, method, 900),
                key));
        CardException second = catchCard(() -> stripe.v1().paymentIntents().create(offSession(customer, method, 900),
                key));

        assertThat(second.getStripeError().getPaymentIntent().getId())
                .isEqualTo(first.getStripeError().getPaymentIntent().getId());
        assertThat(server.events("payment_intent.payment_failed")).hasSize(1);
    }

    private static CardException catchCard(ThrowingCall call) {
        try {
            call.run();
        } catch (CardException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a CardException", e);
        }
        throw new AssertionError("expected a CardException, the call succeeded");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void another_secret_key_is_an_authentication_error() {
        StripeClient wrong = client(server, "sk_test_someone_else_1234");

        assertThatThrownBy(() -> wrong.v1().customers().create(CustomerCreateParams.builder().build()))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getStripeError().getMessage()).startsWith("Invalid API Key provided: sk_test_")
                            .endsWith("1234").doesNotContain("someone");
                });
        assertThat(server.events()).isEmpty();
    }

    @Test
    void payment_intents_check_their_parameters() throws Exception {
        Customer customer = customer(stripe, "ada@example.com");

        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(offSession(customer, "pm_missing", 900)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("payment_method");
                });
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setCurrency("usd").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("amount"));
        assertThatThrownBy(() -> stripe.v1().paymentIntents().retrieve("pi_missing"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(404));
        PaymentIntent visa = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(600L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build());
        assertThat(visa.getStatus()).isEqualTo("succeeded");
        assertThat(stripe.v1().paymentIntents().retrieve(visa.getId()).getAmountReceived()).isEqualTo(600L);
    }
}
