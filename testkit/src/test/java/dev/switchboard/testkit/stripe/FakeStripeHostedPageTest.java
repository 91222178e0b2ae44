package dev.switchboard.testkit.stripe;

import static dev.switchboard.testkit.stripe.StripeTesting.client;
import static dev.switchboard.testkit.stripe.StripeTesting.customer;
import static dev.switchboard.testkit.stripe.StripeTesting.paymentSession;
import static dev.switchboard.testkit.stripe.StripeTesting.send;
import static dev.switchboard.testkit.stripe.StripeTesting.setupSession;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.model.checkout.Session;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hosted Checkout page as a browser sees it. */
class FakeStripeHostedPageTest {

    private static final String FORM = "application/x-www-form-urlencoded";

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

    @Test
    void the_page_shows_the_amount_the_items_and_a_pay_button() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 1234, 1);

        HttpResponse<String> page = send("GET", session.getUrl(), null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("$12.34").contains("Switchboard credit")
                .contains("<button type=\"submit\" id=\"submit\">Pay</button>")
                .contains("name=\"card\" value=\"4242424242424242\"")
                .contains("name=\"card\" value=\"4000000000000002\"")
                .contains("name=\"card\" value=\"async\"")
                .contains("action=\"/pay/" + session.getId() + "\"");
    }

    @Test
    void pay_redirects_303_to_the_success_url_with_the_session_id() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 1234, 1);

        HttpResponse<String> paid = send("POST", session.getUrl(), "card=4242424242424242", "Content-Type", FORM);

        assertThat(paid.statusCode()).isEqualTo(303);
        assertThat(paid.headers().firstValue("Location"))
                .contains("https://app.example/billing/done?session=" + session.getId());
        assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getPaymentStatus()).isEqualTo("paid");
    }

    @Test
    void a_declined_card_re_renders_the_page_with_the_error() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 1234, 1);

        HttpResponse<String> declined = send("POST", session.getUrl(), "card=4000000000000002", "Content-Type", FORM);

        assertThat(declined.statusCode()).isEqualTo(200);
        assertThat(declined.body()).contains("Your card was declined.").contains(">Pay</button>");
        assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus()).isEqualTo("open");
    }

    @Test
    void a_completed_session_cannot_be_paid_twice() throws Exception {
        Session session = paymentSession(stripe, customer(stripe, "ada@example.com").getId(), 1234, 1);
        send("POST", session.getUrl(), "card=4242424242424242", "Content-Type", FORM);
        int charges = server.events("charge.succeeded").size();

        HttpResponse<String> page = send("GET", session.getUrl(), null);
        HttpResponse<String> again = send("POST", session.getUrl(), "card=4242424242424242", "Content-Type", FORM);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("already complete").doesNotContain("<button");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already complete");
        assertThat(server.events("charge.succeeded")).hasSize(charges);
    }

    @Test
    void an_unknown_session_page_is_a_404() {
        HttpResponse<String> page = send("GET", server.baseUrl() + "/pay/cs_test_unknown", null);

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("Checkout Session not found").doesNotContain("<button");
    }

    @Test
    void setup_mode_offers_save_card_and_saves_it() throws Exception {
        Session session = setupSession(stripe, customer(stripe, "ada@example.com").getId());

        HttpResponse<String> page = send("GET", session.getUrl(), null);
        HttpResponse<String> saved = send("POST", session.getUrl(), "card=4242424242424242", "Content-Type", FORM);

        assertThat(page.body()).contains(">Save card</button>").doesNotContain(">Pay</button>");
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).contains(
                "https://app.example/billing/auto-topup?session=" + session.getId());
        assertThat(stripe.v1().setupIntents().retrieve(session.getSetupIntent()).getStatus())
                .isEqualTo("succeeded");
    }
}
