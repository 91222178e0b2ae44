package dev.switchboard.accounts.tenancy;

import dev.switchboard.accounts.AccountsTestBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two users, each in their own organizations: nothing of one is reachable, or even detectable, by the other. */
@QuarkusTest
class TenancyTest extends AccountsTestBase {


    @Test
    void every_organization_endpoint_answers_a_foreign_organization_like_a_nonexistent_one_and_changes_nothing() {
        TestUser alice = fixture.provisionedUser("Alice", "A");
        TestUser bob = fixture.provisionedUser("Bob", "B");
        UUID aliceTeam = UUID.fromString(fixture.as(alice).body(Map.of("name", "Alice Team")).post("/organizations")
                .then().statusCode(201).extract().path("id"));
        UUID bobTeam = UUID.fromString(fixture.as(bob).body(Map.of("name", "Bob Team")).post("/organizations")
                .then().statusCode(201).extract().path("id"));
        // a foreign organization that is soft-deleted, and one the caller belonged to before it was deleted
        UUID deleted = UUID.fromString(fixture.as(alice).body(Map.of("name", "Old")).post("/organizations")
                .then().statusCode(201).extract().path("id"));
        fixture.as(alice).delete("/organizations/" + deleted).then().statusCode(204);
        List<Map<String, Object>> before = organizations();

        String expected = call(bob, "GET", UUID.randomUUID().toString()).asString();
        assertThat(expected).isEqualTo("{\"error\":{\"code\":404,\"message\":\"Organization not found\"}}");
        List<String> targets = List.of(aliceTeam.toString(), fixture.personalOrganization(alice).toString(),
                deleted.toString(), UUID.randomUUID().toString(), "not-a-uuid", "1234");
        for (String target : targets) {
            for (String method : List.of("GET", "PATCH", "DELETE")) {
                Response response = call(bob, method, target);
                assertThat(response.statusCode()).as("%s %s", method, target).isEqualTo(404);
                assertThat(response.asString()).as("%s %s", method, target).isEqualTo(expected);
            }
        }
        // the same for alice on bob's, and for the header of /me
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            assertThat(call(alice, method, bobTeam.toString()).asString()).isEqualTo(expected);
        }
        assertThat(fixture.as(bob).header("X-Organization-Id", aliceTeam.toString()).get("/me").asString())
                .isEqualTo(expected);

        assertThat(organizations()).isEqualTo(before);
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ? AND user_id = ?",
                aliceTeam, fixture.userId(bob))).isZero();
        fixture.as(bob).get("/organizations").then().statusCode(200)
                .body("data.id", not(hasItem(aliceTeam.toString())));
    }

    private Response call(TestUser caller, String method, String organizationId) {
        return fixture.as(caller).body(Map.of("name", "Hijacked")).request(method, "/organizations/" + organizationId);
    }

    private List<Map<String, Object>> organizations() {
        return fixture.rows("SELECT id, name, kind, deleted_at FROM organizations ORDER BY id");
    }
}
