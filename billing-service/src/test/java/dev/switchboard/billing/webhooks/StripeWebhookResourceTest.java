package dev.switchboard.billing.webhooks;

import static dev.switchboard.billing.payments.Purchases.usd;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.billing.payments.Purchases;
import dev.switchboard.testkit.stripe.StripeEvent;
import dev.switchboard.testkit.stripe.TestCards;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StripeWebhookResourceTest extends BillingTestBase {

    private Purchases purchases;

    @BeforeEach
    void purchases() {
        purchases = new Purchases(fixture, stripe);
    }

    @Test
    void a_forged_a_stale_or_a_missing_signature_is_400_and_writes_nothing() {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started started = purchases.checkout(owner, "10");
        stripe.webhookEndpoint(null); // the paid session's event stays with the test
        stripe.pay(started.sessionId(), TestCards.VISA);
        StripeEvent completed = purchases.sessionEvent("checkout.session.completed", started.sessionId());
        String body = completed.body();
        long eventsBefore = purchases.stripeEvents();
        long now = Instant.now().getEpochSecond();

        String forgedBody = body.replaceFirst("(\"amount_total\"\\s*:\\s*)1080", "$1108000");
        assertThat(forgedBody).isNotEqualTo(body);
        String[][] refused = {
                {stripe.signedPayload(body).header().replaceAll("v1=[0-9a-f]{8}", "v1=00000000"), body}, // forged signature
                {stripe.signedPayload(body).header(), forgedBody},                                     // signed another body
                {stripe.sign(body, now - 301), body},                                                  // older than the 5 min tolerance
                {"t=" + now + ",v1=", body},                                                           // no signature in it
                {null, body},                                                                          // no header at all
        };
        for (String[] attempt : refused) {
            var request = given().contentType("application/json").body(attempt[1]);
            if (attempt[0] != null) {
                request.header("Stripe-Signature", attempt[0]);
            }
            request.post("/stripe/webhook").then().statusCode(400).body("error.code", equalTo(400))
                    .body("error.metadata.field", equalTo("Stripe-Signature"));
        }
        assertThat(purchases.stripeEvents()).isEqualTo(eventsBefore);
        assertThat(purchases.ledgerCount(org)).isZero();
        assertThat(purchases.paymentStatus(started.paymentId())).isEqualTo("pending");

        // the same body, properly signed, is what credits: the refusals above were the signature's doing
        given().contentType("application/json").header("Stripe-Signature", stripe.signedPayload(body).header()).body(body)
                .post("/stripe/webhook").then().statusCode(200).body("event_id", equalTo(completed.id()));
        assertThat(purchases.stripeEvent(completed.id())).isEqualTo(1);
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("10"));
    }

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void deliveries_are_counted_by_event_type_and_outcome_on_the_metrics_port() {
        String applied = "switchboard_billing_stripe_webhooks_total{outcome=\"applied\",type=\"invoice.paid\"}";
        String duplicate = "switchboard_billing_stripe_webhooks_total{outcome=\"duplicate\",type=\"invoice.paid\"}";
        String refused = "switchboard_billing_stripe_webhooks_total{outcome=\"refused\",type=\"unknown\"}";
        double refusedBefore = series(refused);
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"id": "%s", "object": "event", "api_version": "2026-07-29.dahlia", "created": %d, "livemode": false,
                 "type": "invoice.paid", "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null},
                 "data": {"object": {"id": "in_123", "object": "invoice"}}}""".formatted(id, Instant.now().getEpochSecond());
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").header("Stripe-Signature", stripe.signedPayload(body).header()).body(body)
                    .post("/stripe/webhook").then().statusCode(200);
        }
        given().contentType("application/json").header("Stripe-Signature", "t=1,v1=00").body(body)
                .post("/stripe/webhook").then().statusCode(400);
        assertThat(series(applied)).isEqualTo(1);
        assertThat(series(duplicate)).isEqualTo(2);
        assertThat(series(refused)).isEqualTo(refusedBefore + 1);
    }

    /** The value of one series of the Prometheus text, 0 when it is not there yet. */
    private double series(String nameAndLabels) {
        return given().get(metrics).then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(nameAndLabels + " ")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void unknown_event_types_are_recorded_and_ignored() {
        String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"id": "%s", "object": "event", "api_version": "2026-07-29.dahlia", "created": %d, "livemode": false,
                 "type": "invoice.created", "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null},
                 "data": {"object": {"id": "in_123", "object": "invoice"}}}""".formatted(id, Instant.now().getEpochSecond());
        long entries = fixture.tenants().scalar("SELECT count(*) FROM ledger_entries");
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").header("Stripe-Signature", stripe.signedPayload(body).header()).body(body)
                    .post("/stripe/webhook").then().statusCode(200).body("duplicate", equalTo(i == 1));
        }
        assertThat(purchases.stripeEvent(id)).isEqualTo(1);
        assertThat(fixture.tenants().text("SELECT type FROM stripe_events WHERE id = ?", id)).isEqualTo("invoice.created");
        assertThat(fixture.tenants().scalar("SELECT count(*) FROM ledger_entries")).isEqualTo(entries);
    }

    @Test
    void an_asynchronous_payment_stays_pending_until_it_succeeds_then_credits_once() {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started started = purchases.checkout(owner, "25");
        purchases.pay(started.sessionId(), TestCards.ASYNC);
        assertThat(purchases.sessionEvent("checkout.session.completed", started.sessionId()).dataObject()
                .path("payment_status").asText()).isEqualTo("unpaid");
        assertThat(purchases.paymentStatus(started.paymentId())).isEqualTo("pending");
        assertThat(purchases.ledgerCount(org)).isZero();

        int mark = purchases.mark();
        stripe.settleAsync(started.sessionId(), true);
        purchases.awaitDeliveredSince(mark);

        assertThat(purchases.paymentStatus(started.paymentId())).isEqualTo("paid");
        assertThat(purchases.entryAmount(started.sessionId())).isEqualTo(usd("26.38")); // 25 + 1.375 → 1.38
        assertThat(purchases.entryAmount("fee:" + started.sessionId())).isEqualTo(-usd("1.38"));
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("25"));
        // both session events again, in either order: still once
        stripe.redeliver(purchases.sessionEvent("checkout.session.async_payment_succeeded", started.sessionId()).id());
        stripe.redeliver(purchases.sessionEvent("checkout.session.completed", started.sessionId()).id());
        assertThat(purchases.ledgerCount(org)).isEqualTo(2);
    }

    @Test
    void an_asynchronous_payment_that_fails_fails_the_payment_with_a_reason_and_credits_nothing() {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started started = purchases.checkout(owner, "25");
        purchases.pay(started.sessionId(), TestCards.ASYNC);
        int mark = purchases.mark();
        stripe.settleAsync(started.sessionId(), false);
        purchases.awaitDeliveredSince(mark);

        assertThat(purchases.paymentStatus(started.paymentId())).isEqualTo("failed");
        assertThat(purchases.paymentColumn(started.paymentId(), "failure_reason")).contains("payment failed");
        assertThat(purchases.ledgerCount(org)).isZero();
        fixture.as(owner).get("/organizations/{org}/payments", org).then().statusCode(200)
                .body("data[0].status", equalTo("failed")).body("data[0].failure_reason", equalTo(
                        "The payment failed after checkout (the asynchronous payment method was not honoured)"));
    }

    @Test
    void an_expired_session_expires_its_payment() {
        Member owner = fixture.owner("Ada", 0);
        Purchases.Started started = purchases.checkout(owner, "6");
        int mark = purchases.mark();
        stripe.expire(started.sessionId());
        purchases.awaitDeliveredSince(mark);
        assertThat(purchases.paymentStatus(started.paymentId())).isEqualTo("expired");
        assertThat(purchases.ledgerCount(owner.organizationId())).isZero();
    }
}
