package dev.switchboard.accounts.users;

import dev.switchboard.accounts.AccountsTestBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeResourceTest extends AccountsTestBase {


    @TestHTTPResource("/me")
    URI me;

    @Test
    void twenty_concurrent_first_calls_create_one_user_one_personal_organization_one_membership() throws Exception {
        TestUser user = fixture.newUser("Ada", "Lovelace");
        // everything slow is done before the gate opens (token, requests, threads), so the calls really race:
        // RestAssured's per-call set-up spreads them out enough that the first one usually wins alone
        HttpRequest request = HttpRequest.newBuilder(me).header("Authorization", "Bearer " + fixture.token(user)).GET().build();
        int calls = 20;
        CyclicBarrier gate = new CyclicBarrier(calls);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             ExecutorService pool = Executors.newFixedThreadPool(calls)) {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                responses.add(pool.submit(() -> {
                    gate.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(200);
            }
        }

        assertThat(fixture.count("SELECT count(*) FROM users WHERE keycloak_subject = ?", user.subject())).isEqualTo(1);
        UUID userId = fixture.userId(user);
        assertThat(fixture.rows("SELECT kind, name FROM organizations WHERE personal_user_id = ?", userId))
                .containsExactly(Map.of("kind", "personal", "name", "Personal"));
        assertThat(fixture.rows("SELECT organization_id, role FROM memberships WHERE user_id = ?", userId))
                .containsExactly(Map.of("organization_id", fixture.personalOrganization(user), "role", "owner"));
    }

    @Test
    void first_call_answers_the_user_and_their_personal_organization_as_current() {
        TestUser user = fixture.newUser("Grace", "Hopper");
        fixture.as(user).get("/me").then().statusCode(200)
                .body("user.email", equalTo(user.email()))
                .body("user.name", equalTo("Grace Hopper"))
                .body("user.id", equalTo(fixture.userId(user).toString()))
                .body("organizations", hasSize(1))
                .body("organizations[0].kind", equalTo("personal"))
                .body("organizations[0].role", equalTo("owner"))
                .body("current_organization.id", equalTo(fixture.personalOrganization(user).toString()));
    }

    @Test
    void email_and_name_changed_in_keycloak_are_copied_on_the_next_call() {
        TestUser user = fixture.provisionedUser("Old", "Name");
        String newEmail = "renamed-" + UUID.randomUUID() + "@example.test";
        fixture.keycloak().updateUser(user.subject(), newEmail, "New", "Name");
        fixture.forgetToken(user);
        TestUser renamed = new TestUser(user.subject(), newEmail);

        fixture.as(renamed).get("/me").then().statusCode(200)
                .body("user.email", equalTo(newEmail)).body("user.name", equalTo("New Name"));
        assertThat(fixture.rows("SELECT email, name FROM users WHERE keycloak_subject = ?", user.subject()))
                .containsExactly(Map.of("email", newEmail, "name", "New Name"));
    }

    @Test
    void the_organization_header_selects_a_current_organization_the_caller_belongs_to() {
        TestUser user = fixture.provisionedUser("Team", "Player");
        String team = fixture.as(user).body(Map.of("name", "Team A")).post("/organizations")
                .then().statusCode(201).extract().path("id");

        fixture.as(user).header("X-Organization-Id", team).get("/me").then().statusCode(200)
                .body("current_organization.id", equalTo(team))
                .body("current_organization.kind", equalTo("team"))
                .body("organizations", hasSize(2));
    }

    @Test
    void the_organization_header_naming_a_foreign_organization_is_404_and_a_malformed_one_400() {
        TestUser owner = fixture.provisionedUser("Owner", "One");
        TestUser stranger = fixture.provisionedUser("Stranger", "Two");

        fixture.as(stranger).header("X-Organization-Id", fixture.personalOrganization(owner).toString()).get("/me")
                .then().statusCode(404)
                .body("error.code", equalTo(404)).body("error.message", equalTo("Organization not found"));
        fixture.as(stranger).header("X-Organization-Id", "not-a-uuid").get("/me")
                .then().statusCode(400)
                .body("error.code", equalTo(400)).body("error.metadata.field", equalTo("X-Organization-Id"));
    }
}
