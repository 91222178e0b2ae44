package dev.switchboard.billing;

import dev.switchboard.testkit.db.InjectTestDatabase;
import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.keycloak.InjectKeycloak;
import dev.switchboard.testkit.keycloak.KeycloakServer;
import dev.switchboard.testkit.keycloak.KeycloakTestResource;
import io.quarkus.test.common.WithTestResource;
import org.junit.jupiter.api.BeforeEach;

/**
 * billing-service against a fresh Postgres database and the real Keycloak, over real HTTP. Subclasses are
 * {@code @QuarkusTest}s with the same test resources, so they share one application start (and one Keycloak).
 */
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KeycloakTestResource.class)
public abstract class BillingTestBase {

    @InjectKeycloak
    protected KeycloakServer keycloakServer;
    @InjectTestDatabase
    protected TestDatabase database;
    /** People, organizations, keys, credit and rows for the test at hand. */
    protected BillingFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new BillingFixture(keycloakServer, database);
    }
}
