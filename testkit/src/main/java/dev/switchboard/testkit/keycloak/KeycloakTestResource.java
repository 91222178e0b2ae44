package dev.switchboard.testkit.keycloak;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the real Keycloak with the project's realm for a Quarkus test run and points the service's OIDC
 * configuration at it. Inject the server with {@link InjectKeycloak} to create users and get tokens.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private KeycloakServer server;

    @Override
    public Map<String, String> start() {
        server = KeycloakServer.start();
        return Map.of(
                "quarkus.oidc.auth-server-url", server.realmUrl(),
                "switchboard.test.keycloak-url", server.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectKeycloak.class, KeycloakServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
