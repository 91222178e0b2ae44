package dev.switchboard.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A lease is a promise about credit that may change under it. Lowering what an organization or a key may spend
 * (a negative adjustment, a refund, a lowered key limit) takes effect within a second although this replica
 * holds a lease that would still cover the next requests: the change is notified by the database and the lease
 * is recalled. Only what was in flight at the change may still be spent.
 */
@QuarkusTest
class CreditChangesTest extends GatewayTestBase {

    // actual cost 36 250 nano-USD (its worst case, reserved: 19 estimated prompt tokens × 1.25 + 8 × 3.75 per million = 53 750)
    private static final String BODY = """
            {"model": "switchboard/echo", "max_tokens": 8, "messages": [{"role": "user", "content": "Say hello to me"}]}""";
    private static final long ACTUAL_COST = 36_250;

    @Test
    void a_lowered_key_limit_stops_the_key_within_a_second() throws InterruptedException {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Tenants.Key key = tenants().addKey(t.organizationId(), 1_000_000L, "daily"); // $0.001: this replica leases all of it
        post("/chat/completions", key.secret(), BODY).then().statusCode(200);

        tenants().exec("UPDATE api_keys SET limit_nanos = 30000, updated_at = now() WHERE id = ?", key.id());
        Thread.sleep(1_000);

        post("/chat/completions", key.secret(), BODY).then().statusCode(402)
                .body("error.message", org.hamcrest.Matchers.containsString("Key limit reached"));
        flushed();
        assertThat(tenants().scalar("SELECT count(*) FROM generations WHERE api_key_id = ?", key.id()))
                .as("nothing spent after the limit was lowered").isEqualTo(1);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void a_negative_adjustment_to_zero_stops_the_organization_within_a_second() throws InterruptedException {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), BODY).then().statusCode(200); // this replica now leases $0.10
        flushed();
        long balance = tenants().balance(t.organizationId());
        tenants().exec("INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, description) VALUES (?, ?, 'adjustment', ?, 'set to zero')",
                UUID.randomUUID(), t.organizationId(), -balance);
        Thread.sleep(1_000);

        post("/chat/completions", t.secret(), BODY).then().statusCode(402);
        flushed();
        assertThat(tenants().balance(t.organizationId())).isZero();
        assertThat(tenants().generationCount(t.organizationId())).isEqualTo(1);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void a_refund_that_leaves_less_than_a_request_stops_the_organization_within_a_second() throws InterruptedException {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), BODY).then().statusCode(200);
        flushed();
        long balance = tenants().balance(t.organizationId());
        tenants().exec("INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference) VALUES (?, ?, 'refund', ?, ?)",
                UUID.randomUUID(), t.organizationId(), -(balance - 10_000), "re_test_" + UUID.randomUUID());
        Thread.sleep(1_000);

        post("/chat/completions", t.secret(), BODY).then().statusCode(402);
        flushed();
        assertThat(tenants().balance(t.organizationId())).isEqualTo(10_000);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void under_load_only_what_was_in_flight_at_the_change_is_still_spent() throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        int clients = 4;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong changedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger servedLate = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long started = System.nanoTime();
                    int status = post("/chat/completions", t.secret(), BODY).statusCode();
                    if (status == 200) {
                        served.incrementAndGet();
                        if (started - changedAt.get() > 1_000_000_000L) {
                            servedLate.incrementAndGet();
                        }
                    }
                }
            }));
        }
        Thread.sleep(1_000);
        changedAt.set(System.nanoTime());
        // set to zero in one statement, so that no usage lands between reading the balance and writing the entry; the
        // same snapshot counts the generations charged so far (metering writes a generation and its charge together)
        long chargedAtChange = tenants().scalar("""
                WITH charged AS (SELECT count(*) AS n FROM generations WHERE organization_id = ?),
                     zeroed AS (INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, description)
                                SELECT ?, organization_id, 'adjustment', -balance_nanos, 'set to zero'
                                FROM organization_balances WHERE organization_id = ? RETURNING 1)
                SELECT n FROM charged, zeroed""",
                t.organizationId(), UUID.randomUUID(), t.organizationId());
        Thread.sleep(2_000);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        flushed();

        assertThat(served.get()).as("the organization was busy before the change").isGreaterThan(clients);
        assertThat(servedLate.get()).as("requests started more than a second after the change that were served").isZero();
        // What is spent after the change is exactly the generations not yet charged at that moment: those served
        // but not yet written by metering (its batching, more of them on a slow machine), those in flight, and
        // those that started before the recall reached this replica (started later than a second: none, above).
        // Nothing else is charged, nothing is charged twice, and nothing served goes uncharged.
        long uncharged = tenants().generationCount(t.organizationId()) - chargedAtChange;
        assertThat(tenants().generationCount(t.organizationId())).as("one generation per response served").isEqualTo(served.get());
        assertThat(tenants().balance(t.organizationId())).as("balance after the change").isEqualTo(-uncharged * ACTUAL_COST);
        assertThat(tenants().generationCostSum(t.organizationId()) % ACTUAL_COST).isZero();
        assertLedgerInvariants(t.organizationId());
    }
}
