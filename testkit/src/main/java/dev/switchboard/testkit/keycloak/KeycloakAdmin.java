package dev.switchboard.testkit.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keycloak's admin REST API, as far as tests need it: users, realm roles, a direct-grant client, tokens.
 * The realm itself allows no password grant; tests add their own client for it.
 */
public final class KeycloakAdmin {

    /** Test-only public client with the password grant and the services' audience. */
    public static final String TEST_CLIENT = "switchboard-test";
    /** Test-only public client with the password grant and no {@code switchboard-api} audience. */
    public static final String OTHER_AUDIENCE_CLIENT = "switchboard-test-other-audience";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String realm;
    private final String adminUser;
    private final String adminPassword;

    public KeycloakAdmin(String baseUrl, String realm, String adminUser, String adminPassword) {
        this.baseUrl = baseUrl;
        this.realm = realm;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** Creates an enabled user with a verified e-mail (also the username) and a password; returns its id (the token's {@code sub}). */
    public String createUser(String email, String password, String firstName, String lastName) {
        Map<String, Object> user = Map.of(
                "username", email, "email", email, "emailVerified", true, "enabled", true,
                "firstName", firstName, "lastName", lastName,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        HttpResponse<String> created = send("POST", "/admin/realms/" + realm + "/users", user, 201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public void grantRealmRole(String userId, String role) {
        JsonNode representation = read(send("GET", "/admin/realms/" + realm + "/roles/" + role, null, 200));
        send("POST", "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm", List.of(representation), 204);
    }

    /** Adds {@link #TEST_CLIENT} (public, password grant, audience {@code switchboard-api}) unless it exists. */
    public void ensureTestClient() {
        ensurePasswordClient(TEST_CLIENT, "switchboard-api");
    }

    /** A user's access token through the password grant of {@link #TEST_CLIENT}. */
    public String accessToken(String username, String password) {
        ensureTestClient();
        return token(realm, TEST_CLIENT, username, password).path("access_token").asText();
    }

    /**
     * A user's access token from {@link #OTHER_AUDIENCE_CLIENT}, a valid token of the realm that is not meant for
     * {@code switchboard-api}: the services must refuse it.
     */
    public String accessTokenForAnotherAudience(String username, String password) {
        ensurePasswordClient(OTHER_AUDIENCE_CLIENT, null);
        return token(realm, OTHER_AUDIENCE_CLIENT, username, password).path("access_token").asText();
    }

    /** Changes a user's e-mail (also the username: the realm logs in by e-mail) and names, as the user would in Keycloak. */
    public void updateUser(String userId, String email, String firstName, String lastName) {
        Map<String, Object> changes = Map.of("username", email, "email", email, "emailVerified", true,
                "firstName", firstName, "lastName", lastName);
        send("PUT", "/admin/realms/" + realm + "/users/" + userId, changes, 204);
    }

    /** A public client with the password grant, carrying {@code audience} in its access tokens when not null. */
    private void ensurePasswordClient(String clientId, String audience) {
        JsonNode existing = read(send("GET", "/admin/realms/" + realm + "/clients?clientId=" + clientId, null, 200));
        if (!existing.isEmpty()) {
            return;
        }
        Map<String, Object> client = new HashMap<>(Map.of(
                "clientId", clientId, "enabled", true, "publicClient", true,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", true));
        if (audience != null) {
            client.put("protocolMappers", List.of(Map.of(
                    "name", audience + " audience", "protocol", "openid-connect",
                    "protocolMapper", "oidc-audience-mapper",
                    "config", Map.of("included.client.audience", audience,
                            "access.token.claim", "true", "id.token.claim", "false"))));
        }
        send("POST", "/admin/realms/" + realm + "/clients", client, 201);
    }

    /** The client of the realm named {@code clientId}, as Keycloak represents it. */
    public JsonNode client(String clientId) {
        JsonNode found = read(send("GET", "/admin/realms/" + realm + "/clients?clientId=" + clientId, null, 200));
        if (found.isEmpty()) {
            throw new IllegalStateException("no client " + clientId + " in realm " + realm);
        }
        return found.get(0);
    }

    public JsonNode realmRepresentation() {
        return read(send("GET", "/admin/realms/" + realm, null, 200));
    }

    private JsonNode token(String tokenRealm, String clientId, String username, String password) {
        String form = Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password,
                        "scope", "openid")
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + tokenRealm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(30))
                .build();
        return read(exchange(request, 200));
    }

    private HttpResponse<String> send(String method, String path, Object body, int expectedStatus) {
        String adminToken = token("master", "admin-cli", adminUser, adminPassword).path("access_token").asText();
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(30));
            if (body == null) {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            return exchange(builder.build(), expectedStatus);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> exchange(HttpRequest request, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                        + " (expected " + expectedStatus + "): " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }
}
