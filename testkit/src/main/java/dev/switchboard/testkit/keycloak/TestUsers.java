package dev.switchboard.testkit.keycloak;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * People for tests, made in the real Keycloak: a new user with a unique e-mail, and their access token (cached per
 * e-mail; {@link #forgetToken} after changing the user). Written once for every service's tests.
 */
public final class TestUsers {

    public static final String PASSWORD = "Correct-Horse-Battery-42";

    /** A Keycloak user: the token's subject and the e-mail they log in with. */
    public record TestUser(String subject, String email) {
    }

    private final KeycloakAdmin keycloak;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public TestUsers(KeycloakServer keycloak) {
        this.keycloak = keycloak.admin();
    }

    public KeycloakAdmin keycloak() {
        return keycloak;
    }

    /** A new Keycloak user with a unique e-mail; no service has seen them yet. */
    public TestUser newUser(String firstName, String lastName) {
        String email = "user-" + UUID.randomUUID() + "@example.test";
        return new TestUser(keycloak.createUser(email, PASSWORD, firstName, lastName), email);
    }

    /** An access token for {@code user} (audience switchboard-api), cached per e-mail. */
    public String token(TestUser user) {
        return tokens.computeIfAbsent(user.email(), email -> keycloak.accessToken(email, PASSWORD));
    }

    public void forgetToken(TestUser user) {
        tokens.remove(user.email());
    }
}
