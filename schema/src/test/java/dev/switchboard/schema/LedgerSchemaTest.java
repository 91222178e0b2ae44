package dev.switchboard.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.db.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class LedgerSchemaTest extends SchemaTestBase {

    private static final String INSERT = "INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference) VALUES (?, ?, ?, ?, ?)";

    @Test
    void refuses_a_second_entry_with_the_same_external_reference() throws Exception {
        UUID org = rows.teamOrganization("Acme");
        rows.ledger(org, "purchase", 10_000_000_000L, "cs_test_same");

        rows.refused("23505", "ledger_entries_external_reference_unique",
                INSERT, UUID.randomUUID(), org, "purchase", 10_000_000_000L, "cs_test_same");
        assertThat(rows.scalar("SELECT balance_nanos FROM organization_balances WHERE organization_id = ?", org))
                .isEqualTo(10_000_000_000L);
    }

    @Test
    void refuses_amounts_of_the_wrong_sign_for_their_kind() throws Exception {
        UUID org = rows.teamOrganization("Signs");
        rows.refused("23514", "ledger_entries_sign", INSERT, UUID.randomUUID(), org, "purchase", -1L, "cs_negative");
        rows.refused("23514", "ledger_entries_sign", INSERT, UUID.randomUUID(), org, "purchase", 0L, "cs_zero");
        rows.refused("23514", "ledger_entries_sign", INSERT, UUID.randomUUID(), org, "usage", 5L, null);
        rows.refused("23514", "ledger_entries_sign", INSERT, UUID.randomUUID(), org, "refund", 5L, "re_1");
        rows.refused("23514", "ledger_entries_sign", INSERT, UUID.randomUUID(), org, "fee", 5L, "fee_1");
        rows.refused("23514", "ledger_entries_kind", INSERT, UUID.randomUUID(), org, "gift", 5L, "gift_1");
        rows.refused("23514", "ledger_entries_reference_required", INSERT, UUID.randomUUID(), org, "purchase", 5L, null);
        assertThat(rows.scalar("SELECT count(*) FROM ledger_entries WHERE organization_id = ?", org)).isZero();
    }

    @Test
    void keeps_the_balance_equal_to_the_sum_of_the_ledger() throws Exception {
        UUID org = rows.teamOrganization("Projection");
        rows.ledger(org, "purchase", 20_000_000_000L, "cs_p1");
        rows.ledger(org, "promo", 1_000_000_000L, "promo_1");
        rows.ledger(org, "usage", -123_456_789L, null);
        rows.ledger(org, "refund", -5_000_000_000L, "re_p1");
        rows.ledger(org, "adjustment", 7L, null);

        assertThat(rows.scalar("SELECT balance_nanos FROM organization_balances WHERE organization_id = ?", org))
                .isEqualTo(20_000_000_000L + 1_000_000_000L - 123_456_789L - 5_000_000_000L + 7L)
                .isEqualTo(rows.scalar("SELECT sum(amount_nanos) FROM ledger_entries WHERE organization_id = ?", org));
        assertThat(rows.scalar("SELECT total_credits_nanos FROM organization_balances WHERE organization_id = ?", org))
                .isEqualTo(21_000_000_000L);
        assertThat(rows.scalar("SELECT total_usage_nanos FROM organization_balances WHERE organization_id = ?", org))
                .isEqualTo(123_456_789L);
    }

    @Test
    void refuses_to_update_or_delete_ledger_entries() throws Exception {
        UUID org = rows.teamOrganization("Append only");
        rows.ledger(org, "purchase", 5_000_000_000L, "cs_ao");
        rows.refused("23001", "append-only", "UPDATE ledger_entries SET amount_nanos = 1 WHERE organization_id = ?", org);
        rows.refused("23001", "append-only", "DELETE FROM ledger_entries WHERE organization_id = ?", org);
        assertThat(rows.scalar("SELECT sum(amount_nanos) FROM ledger_entries WHERE organization_id = ?", org)).isEqualTo(5_000_000_000L);
    }

    @Test
    void keeps_the_balance_exact_under_concurrent_entries() throws Exception {
        UUID org = rows.teamOrganization("Concurrent");
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try (Connection c = database.connect()) {
                        Rows mine = new Rows(c);
                        for (int i = 0; i < perThread; i++) {
                            mine.ledger(org, "usage", -3L, null);
                            mine.ledger(org, "promo", 11L, "promo-" + UUID.randomUUID());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long expected = (long) threads * perThread * (11 - 3);
        assertThat(rows.scalar("SELECT balance_nanos FROM organization_balances WHERE organization_id = ?", org)).isEqualTo(expected);
        assertThat(rows.scalar("SELECT sum(amount_nanos) FROM ledger_entries WHERE organization_id = ?", org)).isEqualTo(expected);
    }
}
