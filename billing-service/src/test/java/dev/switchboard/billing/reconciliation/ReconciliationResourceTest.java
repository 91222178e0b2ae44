package dev.switchboard.billing.reconciliation;

import dev.switchboard.billing.payments.Purchases;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.billing.reports.ExactJson;
import dev.switchboard.testkit.keycloak.TestUsers;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/reconciliation} over a database shared with the other tests (whose seeded purchases have no
 * payment rows): the organizations made here are checked one by one, the workload alone reconciles, and each planted
 * fault is found in its organization with its exact amount and nothing else.
 */
@QuarkusTest
class ReconciliationResourceTest extends BillingTestBase {

    private String adminToken() {
        TestUsers users = new TestUsers(keycloakServer);
        TestUsers.TestUser admin = users.newUser("Root", "Operator");
        users.keycloak().grantRealmRole(admin.subject(), ReconciliationResource.ROLE);
        return users.token(admin);
    }

    private static List<String> of(JsonNode report, UUID org) {
        List<String> found = new ArrayList<>();
        for (Map<String, String> d : ExactJson.rows(report.path("discrepancies"))) {
            if (d.get("organization_id").equals(org.toString())) {
                found.add(d.get("check") + " expected " + d.get("expected") + " actual " + d.get("actual") + " difference "
                        + d.get("difference") + (d.get("reference") == null ? "" : " " + d.get("reference")));
            }
        }
        return found;
    }

    @Test
    void each_planted_fault_is_found_in_its_organization_with_its_amount_and_the_workload_alone_reconciles() {
        Tenants t = fixture.tenants();
        Workload workload = new Workload(t);
        UUID clean = workload.organization("clean");

        UUID unbilled = workload.organization("unbilled generation");
        Tenants.Key key = t.key(unbilled, null, "k", false);
        t.generation(unbilled, key.id(), "acme/alpha", "fake", java.time.Instant.now(), 1, 1, 0, 0, 7); // no usage entry

        UUID unpaid = workload.organization("purchase without payment");
        String orphan = "cs_orphan_" + UUID.randomUUID();
        workload.entry(unpaid, "purchase", 3_000_000_000L, orphan);

        UUID uncredited = workload.organization("payment without purchase");
        UUID missing = workload.payment(uncredited, "checkout", "cs_" + UUID.randomUUID(), null, 4_000_000_000L, "paid");
        String session = "cs_" + UUID.randomUUID();
        String intent = "pi_" + UUID.randomUUID();
        UUID twice = workload.paid(uncredited, "auto_topup", session, intent, 2_000_000_000L, "paid", true);
        workload.entry(uncredited, "purchase", 2_000_000_000L, intent); // credited a second time under its PaymentIntent

        UUID tampered = workload.organization("tampered projections");
        t.exec("UPDATE organization_balances SET balance_nanos = balance_nanos + 11 WHERE organization_id = ?", tampered);
        t.exec("UPDATE daily_usage SET cost_nanos = cost_nanos + 13 WHERE organization_id = ? AND model_id = 'acme/beta'", tampered);

        Response response = given().auth().oauth2(adminToken()).get("/admin/reconciliation");
        response.then().statusCode(200).contentType("application/json");
        JsonNode report = ExactJson.read(response.asString());
        assertThat(report.path("organizations_checked").asLong()).isEqualTo(t.scalar("SELECT count(*) FROM organizations"));
        assertThat(report.path("ok").asBoolean()).isEqualTo(report.path("discrepancies").isEmpty()).isFalse();

        assertThat(of(report, clean)).isEmpty();
        assertThat(of(report, unbilled)).containsExactly("usage expected -0.001236163 actual -0.001236156 difference 0.000000007");
        assertThat(of(report, unpaid)).containsExactly("purchase_paid expected 0 actual 3 difference 3 ledger entry " + orphan);
        assertThat(of(report, uncredited)).containsExactlyInAnyOrder(
                "payment_credited expected 4.8 actual 0 difference -4.8 payment " + missing,
                "fee_charged expected -0.8 actual 0 difference 0.8 payment " + missing,
                "payment_credited expected 2.8 actual 4.8 difference 2 payment " + twice);
        // the workload's ledger: 10 + 5 + 20 + 7 − 20 − 1 + 1 − 0.5 − 0.001236156 = 21.498763844
        assertThat(of(report, tampered)).containsExactly(
                "balance expected 21.498763844 actual 21.498763855 difference 0.000000011",
                "daily_usage expected 0.001235156 actual 0.001235169 difference 0.000000013");
    }

    @Test
    void real_purchases_a_refund_and_gateway_usage_reconcile_to_the_nano_dollar() {
        Purchases purchases = new Purchases(fixture, stripe);
        Member owner = fixture.owner("Ada", 0);
        UUID org = owner.organizationId();
        purchases.buy(owner, "14.54"); // through the API, the fake's Pay button and the signed webhooks
        Purchases.Started second = purchases.buy(owner, "20");
        int mark = stripe.events().size();
        fixture.as(owner).body("{\"amount\": 5}").post("/organizations/{org}/payments/{payment}/refund", org, second.paymentId())
                .then().statusCode(202);
        purchases.awaitDeliveredSince(mark); // charge.refunded writes the refund entry
        Tenants t = fixture.tenants();
        t.generation(org, owner.tenant().keyId(), "acme/alpha", "fake", java.time.Instant.now(), 100, 10, 0, 0, 1_234_567);
        new Workload(t).entry(org, "usage", -1_234_567, null); // as the gateway's metering writes it, in one transaction

        JsonNode report = ExactJson.read(given().auth().oauth2(adminToken()).get("/admin/reconciliation").then().statusCode(200)
                .extract().asString());
        assertThat(of(report, org)).isEmpty();
        assertThat(t.balance(org)).isEqualTo(14_540_000_000L + 20_000_000_000L - 5_000_000_000L - 1_234_567L);
    }

    @Test
    void only_platform_admins_may_reconcile() {
        Member member = fixture.owner("Ada", 0);
        fixture.as(member).get("/admin/reconciliation").then().statusCode(403)
                .body("error.code", org.hamcrest.Matchers.equalTo(403));
        given().get("/admin/reconciliation").then().statusCode(401);
        given().auth().oauth2(adminToken()).get("/admin/reconciliation").then().statusCode(200);
    }
}
