package dev.switchboard.billing;

import dev.switchboard.testkit.db.InjectTestDatabase;
import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.keycloak.InjectKeycloak;
import dev.switchboard.testkit.keycloak.KeycloakServer;
import dev.switchboard.testkit.keycloak.KeycloakTestResource;
import dev.switchboard.testkit.stripe.FakeStripeServer;
import dev.switchboard.testkit.stripe.InjectFakeStripe;
import dev.switchboard.testkit.stripe.StripeFakeResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;

/**
 * billing-service against a fresh Postgres database, the real Keycloak and the testkit's Stripe fake, over real HTTP.
 * Subclasses are {@code @QuarkusTest}s with the same test resources, so they share one application start (and one
 * Keycloak). The fake's webhooks go to this application's {@code /stripe/webhook}.
 */
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KeycloakTestResource.class)
@WithTestResource(StripeFakeResource.class)
public abstract class BillingTestBase {

    @InjectKeycloak
    protected KeycloakServer keycloakServer;
    @InjectTestDatabase
    protected TestDatabase database;
    @InjectFakeStripe
    protected FakeStripeServer stripe;
    @TestHTTPResource("/stripe/webhook")
    protected URL webhookUrl;
    /** People, organizations, keys, credit and rows for the test at hand. */
    protected BillingFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new BillingFixture(keycloakServer, database);
        stripe.webhookEndpoint(webhookUrl.toString());
    }
}
