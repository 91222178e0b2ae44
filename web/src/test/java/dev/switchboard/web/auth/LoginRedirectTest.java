package dev.switchboard.web.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.keycloak.KeycloakTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What a stranger gets: the landing page at "/", and for every other page a redirect to the real Keycloak's
 * authorization endpoint with PKCE (S256); "Sign up" opens Keycloak's registration form ({@code prompt=create}).
 * The browser tests (module e2e) follow these redirects through Keycloak.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class LoginRedirectTest {

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/keys", "/credits", "/activity", "/activity.csv", "/logs", "/settings"})
    void every_page_but_the_landing_page_sends_a_stranger_to_keycloak_with_pkce(String path) {
        Map<String, String> query = redirect(path);
        assertThat(query).containsEntry("client_id", "web").containsEntry("response_type", "code")
                .containsEntry("code_challenge_method", "S256").containsKey("code_challenge").containsKey("state")
                .doesNotContainKey("prompt");
        assertThat(query.get("scope")).contains("openid");
    }

    @Test
    void sign_up_opens_the_registration_form() {
        assertThat(redirect("/signup")).containsEntry("prompt", "create").containsEntry("client_id", "web");
    }

    @Test
    void the_landing_page_offers_sign_up_and_log_in() {
        String html = given().redirects().follow(false).get("/").then().statusCode(200).extract().asString();
        assertThat(html).contains("href=\"/signup\"").contains("Sign up").contains("href=\"/login\"").contains("Log in")
                .doesNotContain("data-testid=\"balance\"");
    }

    private Map<String, String> redirect(String path) {
        Response response = given().redirects().follow(false).get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(302);
        URI location = URI.create(response.header("Location"));
        assertThat(location.toString()).startsWith(realmUrl + "/protocol/openid-connect/auth");
        return Arrays.stream(location.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    }
}
