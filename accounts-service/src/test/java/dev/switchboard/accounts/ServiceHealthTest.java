package dev.switchboard.accounts;

import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.keycloak.KeycloakTestResource;
import dev.switchboard.testkit.service.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Starts on a fresh database and reports UP; health and metrics on the management port only (see the contract). */
@QuarkusTest
// on the test class: Quarkus does not find it on a superclass in another jar. Keycloak too, although this test needs
// no token: every accounts test declares the same two resources, so they all share one application start.
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class ServiceHealthTest extends ServiceHealthContract {

    @Override
    protected String routedPath() {
        return "/me"; // 401 without a token
    }
}
