package dev.switchboard.accounts;

import dev.switchboard.testkit.db.InjectTestDatabase;
import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.keycloak.InjectKeycloak;
import dev.switchboard.testkit.keycloak.KeycloakServer;
import dev.switchboard.testkit.keycloak.KeycloakTestResource;
import io.quarkus.test.common.WithTestResource;
import org.junit.jupiter.api.BeforeEach;

/**
 * accounts-service against a fresh Postgres database and the real Keycloak, over real HTTP. Subclasses are
 * {@code @QuarkusTest}s with the same test resources, so they share one application start (and one Keycloak).
 */
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KeycloakTestResource.class)
public abstract class AccountsTestBase {

    @InjectKeycloak
    protected KeycloakServer keycloakServer;
    @InjectTestDatabase
    protected TestDatabase database;
    /** Users, tokens and rows for the test at hand. */
    protected AccountsFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new AccountsFixture(keycloakServer, database);
    }
}
