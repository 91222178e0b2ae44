package dev.switchboard.gateway.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.metering.UsageRecorder;
import dev.switchboard.gateway.routing.health.HealthTracker;
import org.junit.jupiter.api.BeforeEach;
import dev.switchboard.testkit.db.InjectTestDatabase;
import dev.switchboard.testkit.db.PostgresTestResource;
import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.seed.Tenants;
import dev.switchboard.testkit.providers.FakeProviderServer;
import dev.switchboard.testkit.providers.FakeProvidersResource;
import dev.switchboard.testkit.providers.InjectFakeProvider;
import io.quarkus.test.common.WithTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway against a fresh Postgres database and the testkit's fake provider, over real HTTP. Subclasses
 * are {@code @QuarkusTest}s; they share one application start.
 */
@WithTestResource(PostgresTestResource.class)
@WithTestResource(FakeProvidersResource.class)
public abstract class GatewayTestBase {

    /** $10. */
    protected static final long TEN_DOLLARS = 10_000_000_000L;

    @InjectTestDatabase
    protected TestDatabase database;
    @InjectFakeProvider
    protected FakeProviderServer fake;
    @Inject
    protected UsageRecorder recorder;
    @ConfigProperty(name = "quarkus.http.test-port")
    protected int port;
    @Inject
    protected HealthTracker health;

    /**
     * Tests share one running gateway and many of them make the fake fail on purpose: each starts with every circuit
     * closed, so one test's failures never take an endpoint out for the next.
     */
    @BeforeEach
    void closedCircuits() {
        health.reset();
    }

    protected Tenants tenants() {
        return new Tenants(database::connect);
    }

    protected Tenants.Tenant tenant(long creditNanos) {
        return tenants().create("org-" + UUID.randomUUID(), creditNanos);
    }

    protected String baseUrl() {
        return "http://localhost:" + port + "/api/v1";
    }

    protected Response post(String path, String secret, String json) {
        return given().header("Authorization", "Bearer " + secret).contentType("application/json").body(json)
                .post("/api/v1" + path);
    }

    protected static String chat(String model, String userText) {
        return """
                {"model": "%s", "messages": [{"role": "user", "content": "%s"}]}""".formatted(model, userText);
    }

    /** Waits until every generation queued so far is in the database. */
    protected void flushed() {
        try {
            recorder.awaitFlushed(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * balance = Σ ledger, and Σ usage entries = −(Σ generation costs + Σ parked generation costs): the two
     * invariants of the ledger (a generation the database refused is billed and parked, see UsageRecorder).
     */
    protected void assertLedgerInvariants(UUID org) {
        flushed();
        Tenants t = tenants();
        assertThat(t.balance(org)).as("balance = Σ ledger").isEqualTo(t.ledgerSum(org));
        assertThat(-t.usageEntriesSum(org)).as("Σ usage = −(Σ generation costs + Σ parked costs)")
                .isEqualTo(t.generationCostSum(org) + t.parkedCostSum(org));
    }
}
