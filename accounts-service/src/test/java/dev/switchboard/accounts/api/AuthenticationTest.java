package dev.switchboard.accounts.api;

import dev.switchboard.accounts.AccountsFixture;
import dev.switchboard.accounts.AccountsTestBase;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthenticationTest extends AccountsTestBase {


    @Test
    void no_token_is_401_in_the_envelope_on_every_endpoint() {
        assertUnauthorized(() -> given());
    }

    @Test
    void a_garbage_token_is_401_in_the_envelope() {
        assertUnauthorized(() -> given().auth().oauth2("not.a.jwt"));
    }

    @Test
    void a_valid_token_for_another_audience_is_401_and_provisions_nothing() {
        TestUser user = fixture.newUser("Wrong", "Audience");
        String token = fixture.keycloak().accessTokenForAnotherAudience(user.email(), AccountsFixture.PASSWORD);

        assertUnauthorized(() -> given().auth().oauth2(token));
        assertThat(fixture.count("SELECT count(*) FROM users WHERE keycloak_subject = ?", user.subject())).isZero();
    }

    private static void assertUnauthorized(Supplier<RequestSpecification> request) {
        String id = "/organizations/00000000-0000-4000-8000-000000000000";
        for (var call : new Object[][] {{"GET", "/me"}, {"GET", "/organizations"}, {"POST", "/organizations"},
                {"GET", id}, {"PATCH", id}, {"DELETE", id}}) {
            request.get().contentType("application/json").body(Map.of("name", "x"))
                    .request((String) call[0], (String) call[1])
                    .then().statusCode(401)
                    .header("WWW-Authenticate", equalTo("Bearer"))
                    .body("error.code", equalTo(401))
                    .body("error.message", equalTo("Missing or invalid bearer token"));
        }
    }
}
