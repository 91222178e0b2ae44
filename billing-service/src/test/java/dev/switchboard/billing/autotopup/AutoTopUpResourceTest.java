package dev.switchboard.billing.autotopup;

import static dev.switchboard.billing.payments.Purchases.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.billing.payments.Purchases;
import dev.switchboard.billing.stripe.StripeGateway;
import dev.switchboard.testkit.stripe.TestCards;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AutoTopUpResourceTest extends BillingTestBase {

    private static final Duration SETTLED = Duration.ofSeconds(20);

    @Inject
    AutoTopUpCharger charger;
    @Inject
    StripeGateway stripeGateway;

    private Purchases purchases;

    @BeforeEach
    void purchases() {
        purchases = new Purchases(fixture, stripe);
    }

    @Test
    void enabling_needs_a_saved_card_which_shows_as_brand_and_last_four() {
        Member owner = fixture.owner("Ada", usd("100"));
        UUID org = owner.organizationId();
        fixture.as(owner).get("/organizations/{org}/auto-topup", org).then().statusCode(200)
                .body("enabled", equalTo(false)).body("card", nullValue()).body("threshold", nullValue());
        put(owner, org, true, "5", "10").then().statusCode(409).body("error.metadata.reason", equalTo("no_saved_card"));
        assertThat(autoTopUpRows(org)).isZero();
        put(owner, org, false, "5", "4.99").then().statusCode(400).body("error.metadata.field", equalTo("amount"));
        put(owner, org, false, "-1", "10").then().statusCode(400).body("error.metadata.field", equalTo("threshold"));
        put(owner, org, false, "5.001", "10").then().statusCode(400).body("error.metadata.field", equalTo("threshold"));
        fixture.as(owner).body("{\"threshold\": 5, \"amount\": 10}").put("/organizations/{org}/auto-topup", org)
                .then().statusCode(400).body("error.metadata.field", equalTo("enabled"));

        String session = saveCard(owner, TestCards.VISA);
        assertThat(stripe.session(session).path("mode").asText()).isEqualTo("setup");
        assertThat(stripe.session(session).path("customer").asText())
                .isEqualTo(fixture.tenants().text("SELECT stripe_customer_id FROM stripe_customers WHERE organization_id = ?", org));
        fixture.as(owner).get("/organizations/{org}/auto-topup", org).then().statusCode(200)
                .body("enabled", equalTo(false)).body("card.brand", equalTo("visa")).body("card.last4", equalTo("4242"));

        put(owner, org, true, "5", "10").then().statusCode(200)
                .body("enabled", equalTo(true)).body("threshold", equalTo(5)).body("amount", equalTo(10))
                .body("card.last4", equalTo("4242")).body("last_error", nullValue()).body("in_flight", equalTo(false));
        assertThat(fixture.tenants().text("SELECT stripe_payment_method_id FROM auto_topups WHERE organization_id = ?", org)).startsWith("pm_");
        assertThat(purchases.payments(org)).isZero(); // 100 is above the threshold: nothing bought
    }

    @Test
    void a_declined_auto_top_up_turns_itself_off_with_stripes_reason() {
        Member owner = fixture.owner("Ada", usd("1"));
        UUID org = owner.organizationId();
        saveCard(owner, TestCards.ATTACH_THEN_DECLINE);
        int mark = purchases.mark();

        put(owner, org, true, "5", "10").then().statusCode(200); // 1 < 5: a top-up at once, declined

        await().atMost(SETTLED).untilAsserted(() ->
                assertThat(fixture.tenants().text("SELECT enabled::text FROM auto_topups WHERE organization_id = ?", org)).isEqualTo("false"));
        purchases.awaitDeliveredSince(mark); // payment_intent.payment_failed answered too
        String lastError = fixture.tenants().text("SELECT last_error FROM auto_topups WHERE organization_id = ?", org);
        String declined = purchases.event("payment_intent.payment_failed", e -> org.toString()
                .equals(e.dataObject().path("metadata").path("organization_id").asText())).dataObject()
                .path("last_payment_error").path("message").asText();
        assertThat(lastError).isNotBlank().isEqualTo(declined);
        assertThat(fixture.tenants().text("SELECT in_flight_payment_id::text FROM auto_topups WHERE organization_id = ?", org)).isNull();
        assertThat(fixture.tenants().scalar("SELECT count(*) FROM payments WHERE organization_id = ? AND source = 'auto_topup' AND status = 'failed'"
                + " AND failure_reason = ? AND stripe_payment_intent_id LIKE 'pi_%'", org, lastError)).isEqualTo(1);
        assertThat(purchases.payments(org)).isEqualTo(1);
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("1"));
        fixture.as(owner).get("/organizations/{org}/auto-topup", org).then().statusCode(200)
                .body("enabled", equalTo(false)).body("last_error", equalTo(lastError))
                .body("last_top_up.status", equalTo("failed")).body("last_top_up.credit", equalTo(10));
    }

    @Test
    void twenty_concurrent_settlements_crossing_the_threshold_top_up_exactly_once() throws Exception {
        Member owner = fixture.owner("Ada", usd("10"));
        UUID org = owner.organizationId();
        saveCard(owner, TestCards.VISA);
        put(owner, org, true, "5", "10").then().statusCode(200);
        int mark = purchases.mark();

        // the gateway's way: each metering batch inserts a usage entry in its own transaction
        CyclicBarrier start = new CyclicBarrier(20);
        ExecutorService writers = Executors.newFixedThreadPool(20);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            done.add(writers.submit(() -> {
                try (Connection c = database.connect();
                     PreparedStatement insert = c.prepareStatement(
                             "INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos) VALUES (?, ?, 'usage', ?)")) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, org);
                    insert.setLong(3, -usd("0.30"));
                    start.await();
                    insert.executeUpdate();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();

        await().atMost(SETTLED).untilAsserted(() -> assertThat(purchases.ledgerCount(org, "purchase")).isEqualTo(2));
        await().atMost(SETTLED).until(() -> fixture.tenants().text(
                "SELECT in_flight_payment_id::text FROM auto_topups WHERE organization_id = ?", org) == null);
        purchases.awaitDeliveredSince(mark);

        List<String> intents = stripe.events("payment_intent.created").stream()
                .filter(e -> org.toString().equals(e.dataObject().path("metadata").path("organization_id").asText()))
                .map(e -> e.dataObject().path("id").asText()).toList();
        assertThat(intents).hasSize(1);
        String intent = intents.get(0);
        assertThat(purchases.payments(org)).isEqualTo(1);
        assertThat(fixture.tenants().text("SELECT status || ' ' || stripe_payment_intent_id FROM payments WHERE organization_id = ?", org))
                .isEqualTo("paid " + intent);
        assertThat(purchases.entryAmount(intent)).isEqualTo(usd("10.80"));
        assertThat(purchases.entryAmount("fee:" + intent)).isEqualTo(-usd("0.80"));
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("14")); // 10 - 20 × 0.30 + 10
        assertThat(fixture.tenants().ledgerSum(org)).isEqualTo(fixture.tenants().balance(org));
        fixture.as(owner).get("/organizations/{org}/auto-topup", org).then().statusCode(200)
                .body("enabled", equalTo(true)).body("last_top_up.status", equalTo("paid")).body("in_flight", equalTo(false));
    }

    @Test
    void of_ten_claims_racing_one_wins_and_the_others_leave_no_payment_behind() throws Exception {
        Member owner = fixture.owner("Ada", usd("1"));
        UUID org = owner.organizationId();
        saveCard(owner, TestCards.VISA);
        // switched on behind the service's back (no NOTIFY, no check): the claims below are the only ones
        fixture.tenants().exec("UPDATE auto_topups SET enabled = true, threshold_nanos = ?, amount_nanos = ? WHERE organization_id = ?",
                usd("5"), usd("10"), org);
        CyclicBarrier start = new CyclicBarrier(10);
        ExecutorService claimers = Executors.newFixedThreadPool(10);
        List<Future<Optional<AutoTopUpCharger.Claim>>> claims = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            claims.add(claimers.submit(() -> {
                start.await();
                return QuarkusTransaction.requiringNew().call(() -> charger.claim(org));
            }));
        }
        List<AutoTopUpCharger.Claim> won = new ArrayList<>();
        for (Future<Optional<AutoTopUpCharger.Claim>> claim : claims) {
            claim.get().ifPresent(won::add);
        }
        claimers.shutdown();

        assertThat(won).hasSize(1);
        assertThat(purchases.payments(org)).isEqualTo(1);
        assertThat(fixture.tenants().text("SELECT in_flight_payment_id::text FROM auto_topups WHERE organization_id = ?", org))
                .isEqualTo(won.get(0).paymentId().toString());
        assertThat(QuarkusTransaction.requiringNew().call(() -> charger.claim(org))).isEmpty(); // still in flight

        int mark = purchases.mark();
        charger.charge(won.get(0));
        purchases.awaitDeliveredSince(mark);
        assertThat(purchases.paymentStatus(won.get(0).paymentId())).isEqualTo("paid");
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("11"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> charger.claim(org))).isEmpty(); // 11 is above the threshold
    }

    @Test
    void a_claim_left_behind_by_a_stopped_service_is_recovered_without_charging_twice() {
        Member owner = fixture.owner("Ada", usd("1"));
        UUID org = owner.organizationId();
        saveCard(owner, TestCards.VISA);
        // enabled behind the service's back (no NOTIFY), and claimed by a "previous run" that then stopped
        UUID payment = UUID.randomUUID();
        fixture.tenants().exec("""
                INSERT INTO payments (id, organization_id, source, credit_nanos, fee_nanos, status)
                VALUES (?, ?, 'auto_topup', ?, ?, 'pending')""", payment, org, usd("20"), usd("1.10"));
        fixture.tenants().exec("""
                UPDATE auto_topups SET enabled = true, threshold_nanos = ?, amount_nanos = ?, in_flight_payment_id = ?
                WHERE organization_id = ?""", usd("5"), usd("20"), payment, org);
        // …after Stripe had charged the card, before its answer was stored
        String customer = fixture.tenants().text("SELECT stripe_customer_id FROM stripe_customers WHERE organization_id = ?", org);
        String method = fixture.tenants().text("SELECT stripe_payment_method_id FROM auto_topups WHERE organization_id = ?", org);
        var first = (StripeGateway.OffSessionCharge.Answered) stripeGateway.chargeOffSession(new StripeGateway.OffSessionPayment(
                org.toString(), payment.toString(), customer, method, usd("20"), usd("1.10"), 2110));
        assertThat(first.status()).isEqualTo("succeeded");
        int mark = purchases.mark();

        charger.recover(true); // what billing-service does at start

        purchases.awaitDeliveredSince(mark);
        assertThat(purchases.paymentStatus(payment)).isEqualTo("paid");
        assertThat(purchases.paymentColumn(payment, "stripe_payment_intent_id")).isEqualTo(first.paymentIntentId());
        assertThat(purchases.entryCount(first.paymentIntentId())).isEqualTo(1);
        assertThat(fixture.tenants().balance(org)).isEqualTo(usd("21"));
        assertThat(fixture.tenants().text("SELECT in_flight_payment_id::text FROM auto_topups WHERE organization_id = ?", org)).isNull();
        assertThat(stripe.events("payment_intent.created").stream()
                .filter(e -> org.toString().equals(e.dataObject().path("metadata").path("organization_id").asText()))).hasSize(1);
        charger.recover(true);
        assertThat(purchases.ledgerCount(org, "purchase")).isEqualTo(2); // the seed credit and the one top-up
    }

    @Test
    void members_get_403_and_other_organizations_404_with_nothing_written() {
        Member owner = fixture.owner("Ada", usd("100"));
        Member member = fixture.join(owner, "Bob", "member");
        Member eve = fixture.owner("Eve", 0);
        UUID org = owner.organizationId();
        fixture.as(member).get("/organizations/{org}/auto-topup", org).then().statusCode(403);
        put(member, org, false, "5", "10").then().statusCode(403);
        fixture.as(member).post("/organizations/{org}/auto-topup/card", org).then().statusCode(403);
        for (Object other : new Object[] {org, UUID.randomUUID(), "not-a-uuid"}) {
            fixture.as(eve).get("/organizations/{org}/auto-topup", other).then().statusCode(404)
                    .body("error.message", equalTo("Organization not found"));
            put(eve, other, false, "5", "10").then().statusCode(404);
            fixture.as(eve).post("/organizations/{org}/auto-topup/card", other).then().statusCode(404);
        }
        assertThat(autoTopUpRows(org)).isZero();
        assertThat(fixture.tenants().scalar("SELECT count(*) FROM stripe_customers WHERE organization_id = ?", org)).isZero();
    }

    /** Saves {@code card} through the API's setup session and the fake's page; answers the session id. */
    private String saveCard(Member owner, String card) {
        String session = fixture.as(owner).post("/organizations/{org}/auto-topup/card", owner.organizationId())
                .then().statusCode(201).extract().jsonPath().getString("session_id");
        assertThat(purchases.pay(session, card).completed()).isTrue();
        return session;
    }

    private io.restassured.response.Response put(Member who, Object org, boolean enabled, String threshold, String amount) {
        return fixture.as(who).body("{\"enabled\": " + enabled + ", \"threshold\": " + threshold + ", \"amount\": " + amount + "}")
                .put("/organizations/{org}/auto-topup", org);
    }

    private long autoTopUpRows(UUID org) {
        return fixture.tenants().scalar("SELECT count(*) FROM auto_topups WHERE organization_id = ?", org);
    }
}
