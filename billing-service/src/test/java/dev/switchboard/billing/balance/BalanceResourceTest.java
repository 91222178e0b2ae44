package dev.switchboard.billing.balance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BalanceResourceTest extends BillingTestBase {

    private static final long TEN_DOLLARS = 10_000_000_000L;

    @Test
    void members_read_their_organizations_balance_in_exact_usd() {
        Member owner = fixture.owner("Ada", TEN_DOLLARS);
        Member member = fixture.join(owner, "Bob", "member");
        fixture.tenants().exec("INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos) VALUES (?, ?, 'usage', ?)",
                UUID.randomUUID(), owner.organizationId(), -1L);

        for (Member reader : new Member[] {owner, member}) {
            fixture.as(reader).get("/organizations/{org}/balance", owner.organizationId()).then().statusCode(200)
                    .body("organization_id", equalTo(owner.organizationId().toString()))
                    .body("balance", equalTo(9.999999999f)) // JSON number; exactness is checked on the text below
                    .body("total_credits", equalTo(10))
                    .body("total_usage", equalTo(1.0E-9f));
        }
        String text = fixture.as(owner).get("/organizations/{org}/balance", owner.organizationId()).asString();
        org.assertj.core.api.Assertions.assertThat(text).contains("\"balance\":9.999999999").contains("\"total_usage\":0.000000001");
    }

    @Test
    void another_organization_an_unknown_and_a_malformed_id_are_the_same_404_and_no_token_is_401() {
        Member ada = fixture.owner("Ada", TEN_DOLLARS);
        Member eve = fixture.owner("Eve", 0);
        for (Object org : new Object[] {eve.organizationId(), UUID.randomUUID(), "not-a-uuid"}) {
            fixture.as(ada).get("/organizations/{org}/balance", org).then().statusCode(404)
                    .body("error.code", equalTo(404)).body("error.message", equalTo("Organization not found"));
        }
        fixture.tenants().exec("UPDATE organizations SET deleted_at = now() WHERE id = ?", eve.organizationId());
        fixture.as(eve).get("/organizations/{org}/balance", eve.organizationId()).then().statusCode(404);
        given().get("/organizations/{org}/balance", ada.organizationId()).then().statusCode(401).body("error.code", equalTo(401));
    }
}
