package dev.switchboard.billing.checkout;

import static dev.switchboard.billing.payments.Purchases.usd;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.billing.payments.Purchases;
import dev.switchboard.billing.stripe.StripeGateway;
import dev.switchboard.testkit.stripe.StripeEvent;
import dev.switchboard.testkit.stripe.TestCards;
import dev.switchboard.testkit.stripe.WebhookDelivery;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CheckoutResourceTest extends BillingTestBase {

    private Purchases purchases;

    @BeforeEach
    void purchases() {
        purchases = new Purchases(fixture, stripe);
    }

    @Test
    void quotes_are_exact_at_the_edges_and_any_member_may_read_them() {
        Member owner = fixture.owner("Ada", 0);
        Member member = fixture.join(owner, "Bob", "member");
        String[][] edges = {{"5.00", "5", "0.8", "5.8"}, {"14.54", "14.54", "0.8", "15.34"}, {"15", "15", "0.83", "15.83"},
                {"10000", "10000", "550", "10550"}};
        for (String[] edge : edges) {
            String text = fixture.as(member).queryParam("amount", edge[0]).get("/organizations/{org}/checkout/quote", owner.organizationId())
                    .then().statusCode(200).body("currency", equalTo("usd")).extract().asString();
            assertThat(text).contains("\"credit\":" + edge[1] + ",", "\"fee\":" + edge[2] + ",", "\"total\":" + edge[3] + ",");
        }
        for (String bad : new String[] {"4.99", "10000.01", "5.001", "abc", ""}) {
            fixture.as(member).queryParam("amount", bad).get("/organizations/{org}/checkout/quote", owner.organizationId())
                    .then().statusCode(400).body("error.metadata.field", equalTo("amount"));
        }
    }

    @Test
    void checkout_refuses_amounts_out_of_bounds_or_finer_than_a_cent_and_writes_nothing() {
        Member owner = fixture.owner("Ada", 0);
        for (String bad : new String[] {"4.99", "10000.01", "5.001", "\"12\"", "null"}) {
            fixture.as(owner).body("{\"amount\": " + bad + "}").post("/organizations/{org}/checkout", owner.organizationId())
                    .then().statusCode(400).body("error.code", equalTo(400)).body("error.metadata.field", equalTo("amount"));
        }
        assertThat(purchases.payments(owner.organizationId())).isZero();
    }

    @Test
    void a_paid_session_credits_the_amount_and_the_fee_entry_once() {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started started = purchases.checkout(owner, "14.54");
        assertThat(started.checkoutUrl()).startsWith(stripe.baseUrl()).contains(started.sessionId());
        assertThat(purchases.paymentStatus(started.paymentId())).isEqualTo("pending");
        assertThat(purchases.paymentColumn(started.paymentId(), "stripe_session_id")).isEqualTo(started.sessionId());
        assertThat(purchases.paymentColumn(started.paymentId(), "credit_nanos")).isEqualTo("14540000000");
        assertThat(purchases.paymentColumn(started.paymentId(), "fee_nanos")).isEqualTo("800000000");
        // what Stripe was asked for: the session's metadata and its total
        var session = stripe.session(started.sessionId());
        assertThat(session.path("amount_total").asLong()).isEqualTo(1534);
        assertThat(session.path("client_reference_id").asText()).isEqualTo(started.paymentId().toString());
        assertThat(session.path("metadata").path("organization_id").asText()).isEqualTo(org.toString());
        assertThat(session.path("metadata").path("credit_nanos").asText()).isEqualTo("14540000000");
        assertThat(session.path("success_url").asText()).endsWith("/credits?checkout=success&session_id={CHECKOUT_SESSION_ID}");
        assertThat(fixture.tenants().balance(org)).isZero();

        purchases.pay(started.sessionId(), TestCards.VISA); // every event of it answered, payment_intent.succeeded too

        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("14.54"));
        assertThat(purchases.ledgerCount(org)).isEqualTo(2);
        assertThat(purchases.entryAmount(started.sessionId())).isEqualTo(usd("15.34"));
        assertThat(purchases.entryAmount("fee:" + started.sessionId())).isEqualTo(-usd("0.80"));
        assertThat(purchases.paymentStatus(started.paymentId())).isEqualTo("paid");
        assertThat(purchases.paymentColumn(started.paymentId(), "stripe_payment_intent_id")).startsWith("pi_");
        assertThat(purchases.paymentColumn(started.paymentId(), "completed_at")).isNotNull();

        // Stripe redelivers: nothing more
        StripeEvent completed = purchases.sessionEvent("checkout.session.completed", started.sessionId());
        assertThat(stripe.redeliver(completed.id()).status()).isEqualTo(200);
        assertThat(purchases.ledgerCount(org)).isEqualTo(2);
        assertThat(purchases.stripeEvent(completed.id())).isEqualTo(1);

        fixture.as(owner).get("/organizations/{org}/payments", org).then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].id", equalTo(started.paymentId().toString()))
                .body("data[0].status", equalTo("paid"))
                .body("data[0].source", equalTo("checkout"))
                .body("data[0].session_id", equalTo(started.sessionId())); // how the dashboard finds it on return
    }

    @Test
    void the_same_event_delivered_five_times_at_once_credits_once() {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started started = purchases.checkout(owner, "20");
        stripe.webhookEndpoint(null); // keep the events back to fire them together
        stripe.pay(started.sessionId(), TestCards.VISA);
        StripeEvent completed = purchases.sessionEvent("checkout.session.completed", started.sessionId());
        stripe.webhookEndpoint(webhookUrl.toString());
        assertThat(purchases.stripeEvent(completed.id())).isZero();

        List<WebhookDelivery> copies = stripe.deliverConcurrently(completed.id(), 5);

        assertThat(copies).hasSize(5).allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
        assertThat(purchases.ledgerCount(org, "purchase")).isEqualTo(1);
        assertThat(purchases.ledgerCount(org, "fee")).isEqualTo(1);
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("20"));
        assertThat(purchases.stripeEvent(completed.id())).isEqualTo(1);
    }

    @Test
    void another_event_about_the_same_paid_session_credits_nothing_more() {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started started = purchases.buy(owner, "7.5");
        StripeEvent completed = purchases.sessionEvent("checkout.session.completed", started.sessionId());
        // the same session, paid, in an event of another id and type (as async_payment_succeeded after completed)
        String other = completed.body().replace(completed.id(), "evt_" + UUID.randomUUID().toString().replace("-", ""))
                .replace("\"checkout.session.completed\"", "\"checkout.session.async_payment_succeeded\"");
        var signed = stripe.signedPayload(other);
        given().header("Stripe-Signature", signed.header()).contentType("application/json").body(other)
                .post("/stripe/webhook").then().statusCode(200).body("duplicate", equalTo(false));
        assertThat(purchases.ledgerCount(org)).isEqualTo(2);
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("7.5"));
    }

    @Test
    void owners_and_admins_buy_members_get_403_and_other_organizations_404_with_nothing_written() {
        Member owner = fixture.owner("Ada", 0);
        Member admin = fixture.join(owner, "Al", "admin");
        Member member = fixture.join(owner, "Bob", "member");
        Member eve = fixture.owner("Eve", 0);
        purchases.checkout(admin, "5");
        fixture.as(member).body("{\"amount\": 5}").post("/organizations/{org}/checkout", owner.organizationId())
                .then().statusCode(403).body("error.code", equalTo(403));
        for (Object org : new Object[] {owner.organizationId(), UUID.randomUUID(), "not-a-uuid"}) {
            fixture.as(eve).body("{\"amount\": 5}").post("/organizations/{org}/checkout", org)
                    .then().statusCode(404).body("error.message", equalTo("Organization not found"));
            fixture.as(eve).queryParam("amount", "5").get("/organizations/{org}/checkout/quote", org).then().statusCode(404);
        }
        fixture.tenants().exec("UPDATE organizations SET deleted_at = now() WHERE id = ?", eve.organizationId());
        fixture.as(eve).body("{\"amount\": 5}").post("/organizations/{org}/checkout", eve.organizationId()).then().statusCode(404);
        given().contentType("application/json").body("{\"amount\": 5}").post("/organizations/{org}/checkout", owner.organizationId())
                .then().statusCode(401);
        assertThat(purchases.payments(owner.organizationId())).isEqualTo(1);
        assertThat(purchases.payments(eve.organizationId())).isZero();
    }

    @Test
    void a_failing_stripe_answers_502_with_the_reason_and_the_payment_fails() {
        Member owner = fixture.owner("Ada", 0);
        fixture.tenants().exec("INSERT INTO stripe_customers (organization_id, stripe_customer_id) VALUES (?, 'cus_gone')",
                owner.organizationId());
        fixture.as(owner).body("{\"amount\": 10}").post("/organizations/{org}/checkout", owner.organizationId())
                .then().statusCode(502).body("error.code", equalTo(502))
                .body("error.message", startsWith("Stripe failed to create the Checkout Session: "))
                .body("error.metadata.stripe_status", equalTo(400));
        String reason = fixture.tenants().text("SELECT failure_reason FROM payments WHERE organization_id = ? AND status = 'failed'",
                owner.organizationId());
        assertThat(reason).startsWith("Stripe failed to create the Checkout Session: ").contains("cus_gone");
        assertThat(purchases.payments(owner.organizationId())).isEqualTo(1);
    }

    @Test
    void without_a_stripe_secret_key_checkout_answers_503_and_writes_nothing() {
        QuarkusMock.installMockForType(new StripeGateway(), StripeGateway.class); // as built without switchboard.stripe.secret-key
        Member owner = fixture.owner("Ada", 0);
        fixture.as(owner).body("{\"amount\": 10}").post("/organizations/{org}/checkout", owner.organizationId())
                .then().statusCode(503).body("error.code", equalTo(503))
                .body("error.message", startsWith("Billing is not configured"));
        assertThat(purchases.payments(owner.organizationId())).isZero();
    }
}
