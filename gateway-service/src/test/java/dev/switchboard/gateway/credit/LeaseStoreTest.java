package dev.switchboard.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The database side of leases, against the writes that race with it. */
@QuarkusTest
class LeaseStoreTest extends GatewayTestBase {

    private static final long LIMIT = 1_000_000;
    private static final long COST = 1_000;
    private static final int BATCHES = 400;

    @Inject
    LeaseStore store;

    /**
     * A metering batch moves cost from a key's lease to its usage in one transaction, so usage + leased stays at the
     * limit while batches commit. A refill reading the two at different moments could see a batch on neither side and
     * lease its cost again: refills racing with batches must never be granted anything here.
     */
    @Test
    void a_key_refill_racing_with_metering_never_leases_what_a_batch_just_moved_to_usage() throws Exception {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Tenants.Key key = tenants().addKey(t.organizationId(), LIMIT, null);
        CreditAccount account = new CreditAccount(CreditAccount.Kind.KEY, t.organizationId(), key.id(), null);
        Duration ttl = Duration.ofMinutes(1);
        assertThat(store.acquireForKey(account, LIMIT, LIMIT, "test", ttl).taken()).isEqualTo(LIMIT); // all of it

        AtomicBoolean metering = new AtomicBoolean(true);
        CompletableFuture<Void> batches = CompletableFuture.runAsync(() -> {
            try (Connection c = database.connect()) {
                c.setAutoCommit(false);
                for (int i = 0; i < BATCHES; i++) {
                    insertGeneration(c, t.organizationId(), key.id());
                    assertThat(LeaseStore.consume(c, account.leaseId, t.organizationId(), false, COST)).isEqualTo(COST);
                    c.commit();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                metering.set(false);
            }
        });
        int refills = 0;
        while (metering.get()) {
            LeaseStore.Grant grant = store.acquireForKey(account, 1, 1, "test", ttl);
            assertThat(grant.taken()).as("refill %d granted beyond the limit", refills).isZero();
            assertThat(grant.shortfall()).isNotNull();
            refills++;
        }
        batches.get();
        assertThat(refills).as("refills raced with the batches").isGreaterThan(10);
        assertThat(tenants().scalar("SELECT coalesce(sum(amount_nanos), 0) FROM credit_leases WHERE api_key_id = ?", key.id())
                + tenants().scalar("SELECT coalesce(sum(cost_nanos), 0) FROM daily_usage WHERE api_key_id = ?", key.id()))
                .isEqualTo(LIMIT);
    }

    private static void insertGeneration(Connection c, UUID org, UUID keyId) throws Exception {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type,
                    tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, streamed, status, finish_reason)
                VALUES (?, ?, ?, ?, 'switchboard/echo', 'fake', 'chat', 5, 8, 0, 0, ?, false, 200, 'stop')""")) {
            s.setString(1, "gen-lease-" + UUID.randomUUID());
            s.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            s.setObject(3, org);
            s.setObject(4, keyId);
            s.setLong(5, COST);
            s.executeUpdate();
        }
    }
}
