package dev.switchboard.testkit.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts the real Keycloak with deploy/keycloak/switchboard-realm.json and checks the realm and its tokens. */
class KeycloakServerTest {

    private static KeycloakServer keycloak;

    @BeforeAll
    static void start() {
        keycloak = KeycloakServer.start();
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void issues_a_token_for_a_test_user_with_the_services_audience_and_realm_roles() throws Exception {
        KeycloakAdmin admin = keycloak.admin();
        String userId = admin.createUser("ada@example.com", "correct horse battery", "Ada", "Lovelace");
        admin.grantRealmRole(userId, "platform-admin");

        String token = admin.accessToken("ada@example.com", "correct horse battery");

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(keycloak.realmUrl());
        assertThat(claims.path("sub").asText()).isEqualTo(userId);
        assertThat(claims.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(values(claims.path("aud"))).contains("switchboard-api");
        assertThat(values(claims.path("realm_access").path("roles"))).contains("platform-admin");
    }

    @Test
    void refuses_a_wrong_password_and_a_password_the_policy_rejects() {
        KeycloakAdmin admin = keycloak.admin();
        admin.createUser("grace@example.com", "another long secret", "Grace", "Hopper");

        assertThatThrownBy(() -> admin.accessToken("grace@example.com", "not the password"))
                .hasMessageContaining("invalid_grant");
        assertThatThrownBy(() -> admin.createUser("short@example.com", "short", "Short", "Password"))
                .hasMessageContaining("400");
    }

    @Test
    void realm_allows_self_registration_by_email_and_has_a_confidential_web_client() {
        KeycloakAdmin admin = keycloak.admin();
        JsonNode realm = admin.realmRepresentation();
        assertThat(realm.path("registrationAllowed").asBoolean()).isTrue();
        assertThat(realm.path("registrationEmailAsUsername").asBoolean()).isTrue();
        assertThat(realm.path("passwordPolicy").asText()).contains("length(10)");

        JsonNode web = admin.client("web");
        assertThat(web.path("publicClient").asBoolean()).isFalse();
        assertThat(web.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(web.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(values(web.path("redirectUris"))).containsExactly("http://localhost:8081/*");
    }

    @Test
    void a_terminal_can_start_a_device_login_with_the_public_cli_client() throws Exception {
        JsonNode cli = keycloak.admin().client("switchboard-cli");
        assertThat(cli.path("publicClient").asBoolean()).isTrue();
        assertThat(cli.path("directAccessGrantsEnabled").asBoolean()).as("no password ever passes through a script").isFalse();

        HttpResponse<String> device = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(keycloak.realmUrl() + "/protocol/openid-connect/auth/device"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=switchboard-cli")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(device.statusCode()).as(device.body()).isEqualTo(200);
        JsonNode grant = new ObjectMapper().readTree(device.body());
        assertThat(grant.path("device_code").asText()).isNotEmpty();
        assertThat(grant.path("user_code").asText()).isNotEmpty();
        assertThat(grant.path("verification_uri_complete").asText()).startsWith(keycloak.realmUrl());

        // until the user approves in a browser, polling says so (deploy/local/login.sh keeps polling on this)
        HttpResponse<String> pending = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(keycloak.realmUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=switchboard-cli&grant_type=urn:ietf:params:oauth:grant-type:device_code"
                        + "&device_code=" + grant.path("device_code").asText())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pending.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(pending.body()).path("error").asText()).isEqualTo("authorization_pending");
    }

    private static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }
}
