package dev.switchboard.billing.refunds;

import static dev.switchboard.billing.payments.Purchases.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.stripe.StripeClient;
import com.stripe.param.RefundCreateParams;
import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.billing.payments.Purchases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefundResourceTest extends BillingTestBase {

    private Purchases purchases;

    @BeforeEach
    void purchases() {
        purchases = new Purchases(fixture, stripe);
    }

    @Test
    void a_refund_is_debited_once_when_stripe_reports_it_and_never_beyond_the_refundable() {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started paid = purchases.buy(owner, "20");
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("20"));

        int mark = purchases.mark();
        JsonPath refund = refund(owner, org, paid.paymentId(), "{\"amount\": 5}").then().statusCode(202)
                .body("refund_id", startsWith("re_")).body("amount", equalTo(5)).extract().jsonPath();
        String refundId = refund.getString("refund_id");
        purchases.awaitDeliveredSince(mark);

        assertThat(purchases.entryCount(refundId)).isEqualTo(1);
        assertThat(purchases.entryAmount(refundId)).isEqualTo(-usd("5"));
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("15"));
        assertThat(purchases.paymentStatus(paid.paymentId())).isEqualTo("partially_refunded");
        assertThat(fixture.tenants().text("SELECT status FROM payment_refunds WHERE stripe_refund_id = ?", refundId)).isEqualTo("succeeded");
        assertThat(stripe.object(refundId).path("amount").asLong()).isEqualTo(500);
        // Stripe redelivers charge.refunded: nothing more
        stripe.redeliver(purchases.event("charge.refunded", e -> e.dataObject().path("payment_intent").asText()
                .equals(purchases.paymentColumn(paid.paymentId(), "stripe_payment_intent_id"))).id());
        assertThat(purchases.ledgerCount(org, "refund")).isEqualTo(1);

        long refundRows = refundRows(org);
        refund(owner, org, paid.paymentId(), "{\"amount\": 15.01}").then().statusCode(400)
                .body("error.metadata.field", equalTo("amount")).body("error.metadata.refundable", equalTo(15));
        refund(owner, org, paid.paymentId(), "{\"amount\": 0.001}").then().statusCode(400).body("error.metadata.field", equalTo("amount"));
        assertThat(refundRows(org)).isEqualTo(refundRows);

        mark = purchases.mark();
        refund(owner, org, paid.paymentId(), "{}").then().statusCode(202).body("amount", equalTo(15)); // all that is left
        purchases.awaitDeliveredSince(mark);
        assertThat(fixture.tenants().balance(org)).isZero();
        assertThat(purchases.ledgerSum(org, "refund")).isEqualTo(-usd("20"));
        assertThat(purchases.paymentStatus(paid.paymentId())).isEqualTo("refunded");
        refund(owner, org, paid.paymentId(), null).then().statusCode(409); // refunded: nothing to refund
        fixture.as(owner).get("/organizations/{org}/payments", org).then().statusCode(200)
                .body("data[0].refunded", equalTo(20)).body("data[0].refund_pending", equalTo(0)).body("data[0].fee", equalTo(1.1f));
        assertThat(fixture.tenants().ledgerSum(org)).isEqualTo(fixture.tenants().balance(org));
    }

    @Test
    void a_refund_waiting_for_stripe_counts_and_spent_or_leased_credit_is_not_refundable() {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started paid = purchases.buy(owner, "30");
        fixture.tenants().exec("INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos) VALUES (?, ?, 'usage', ?)",
                UUID.randomUUID(), org, -usd("12.345"));
        fixture.tenants().exec("UPDATE organization_balances SET leased_nanos = ? WHERE organization_id = ?", usd("3"), org);
        // available: 30 - 12.345 - 3 = 14.655 → 14.65 in whole cents
        refund(owner, org, paid.paymentId(), "{\"amount\": 14.66}").then().statusCode(400)
                .body("error.metadata.refundable", equalTo(14.65f));

        stripe.webhookEndpoint(null); // Stripe accepted it, its webhook has not come yet
        refund(owner, org, paid.paymentId(), "{\"amount\": 10}").then().statusCode(202).body("status", equalTo("pending"));
        refund(owner, org, paid.paymentId(), "{\"amount\": 4.66}").then().statusCode(400)
                .body("error.metadata.refundable", equalTo(4.65f));
        assertThat(purchases.ledgerCount(org, "refund")).isZero();
        assertThat(refundRows(org)).isEqualTo(1);
        fixture.as(owner).get("/organizations/{org}/payments", org).then().body("data[0].refund_pending", equalTo(10));
    }

    @Test
    void a_refund_of_the_whole_charge_made_in_stripes_dashboard_takes_back_the_credit_and_returns_the_fee() throws Exception {
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        Purchases.Started paid = purchases.buy(owner, "100"); // fee 5.50
        StripeClient dashboard = StripeClient.builder().setApiKey(stripe.secretKey()).setApiBase(stripe.baseUrl()).build();
        int mark = purchases.mark();
        String refundId = dashboard.v1().refunds().create(RefundCreateParams.builder()
                .setPaymentIntent(purchases.paymentColumn(paid.paymentId(), "stripe_payment_intent_id")).build()).getId();
        purchases.awaitDeliveredSince(mark);

        assertThat(purchases.entryAmount(refundId)).isEqualTo(-usd("105.50"));
        assertThat(purchases.entryAmount("fee-refund:" + refundId)).isEqualTo(usd("5.50"));
        assertThat(fixture.tenants().balance(org)).isZero();
        assertThat(purchases.paymentStatus(paid.paymentId())).isEqualTo("refunded");
    }

    @Test
    void only_owners_refund_and_another_organizations_or_a_malformed_payment_is_404_with_nothing_written() {
        Member owner = fixture.owner("Ada", 0);
        Member admin = fixture.join(owner, "Al", "admin");
        Member member = fixture.join(owner, "Bob", "member");
        Member eve = fixture.owner("Eve", 0);
        UUID org = owner.organizationId();
        Purchases.Started paid = purchases.buy(owner, "10");
        Purchases.Started pending = purchases.checkout(owner, "10");

        refund(admin, org, paid.paymentId(), "{\"amount\": 1}").then().statusCode(403);
        refund(member, org, paid.paymentId(), "{\"amount\": 1}").then().statusCode(403);
        refund(eve, org, paid.paymentId(), "{\"amount\": 1}").then().statusCode(404).body("error.message", equalTo("Organization not found"));
        refund(eve, eve.organizationId(), paid.paymentId(), "{\"amount\": 1}").then().statusCode(404)
                .body("error.message", equalTo("Payment not found"));
        fixture.as(eve).body("{\"amount\": 1}").post("/organizations/{org}/payments/{payment}/refund", eve.organizationId(), "not-a-uuid")
                .then().statusCode(404).body("error.message", equalTo("Payment not found"));
        refund(owner, org, pending.paymentId(), "{\"amount\": 1}").then().statusCode(409);
        fixture.as(member).get("/organizations/{org}/payments", org).then().statusCode(200).body("data.size()", equalTo(2));
        fixture.as(eve).get("/organizations/{org}/payments", org).then().statusCode(404);

        assertThat(refundRows(org)).isZero();
        assertThat(refundRows(eve.organizationId())).isZero();
        assertThat(purchases.ledgerCount(org, "refund")).isZero();
    }

    private io.restassured.response.Response refund(Member who, UUID org, UUID payment, String body) {
        var request = fixture.as(who);
        if (body != null) {
            request.body(body);
        }
        return request.post("/organizations/{org}/payments/{payment}/refund", org, payment);
    }

    private long refundRows(UUID org) {
        return fixture.tenants().scalar("SELECT count(*) FROM payment_refunds WHERE organization_id = ?", org);
    }
}
