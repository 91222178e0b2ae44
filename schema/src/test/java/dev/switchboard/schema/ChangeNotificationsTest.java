package dev.switchboard.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.db.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * What lowers an organization's spendable credit is notified in the transaction that commits it, so gateway
 * replicas can recall their leases within a second: negative entries other than usage on {@code credit_changes},
 * deleting or restoring an organization on {@code organization_changes}. The gateway's own usage entries and
 * credit coming in are not notified (they do not invalidate a lease), nor is the gateway stamping a key's last use.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ChangeNotificationsTest extends SchemaTestBase {

    @Test
    void negative_entries_but_usage_notify_credit_changes() throws Exception {
        UUID org = rows.teamOrganization("Notified");
        try (Connection listener = database.connect()) {
            listener.createStatement().execute("LISTEN credit_changes");
            rows.ledger(org, "purchase", 10_000_000_000L, "cs_n1");
            rows.ledger(org, "usage", -1_000L, null);
            rows.ledger(org, "adjustment", 5L, null);
            assertThat(payloads(listener)).isEmpty();

            rows.ledger(org, "refund", -1_000_000L, "re_n1");
            rows.ledger(org, "fee", -10L, "fee_n1");
            rows.ledger(org, "adjustment", -7L, null);
            assertThat(payloads(listener)).containsExactly(org.toString(), org.toString(), org.toString());
        }
    }

    @Test
    void deleting_or_restoring_an_organization_notifies_organization_changes() throws Exception {
        UUID org = rows.teamOrganization("Deleted");
        try (Connection listener = database.connect()) {
            listener.createStatement().execute("LISTEN organization_changes");
            rows.update("UPDATE organizations SET name = 'Renamed' WHERE id = ?", org);
            assertThat(payloads(listener)).isEmpty();
            rows.update("UPDATE organizations SET deleted_at = now() WHERE id = ?", org);
            rows.update("UPDATE organizations SET deleted_at = NULL WHERE id = ?", org);
            assertThat(payloads(listener)).containsExactly(org.toString(), org.toString());
        }
    }

    @Test
    void a_key_notifies_api_key_changes_when_authentication_changes_not_when_its_last_use_is_stamped() throws Exception {
        UUID org = rows.teamOrganization("Keys");
        String hash = Rows.hash('c');
        try (Connection listener = database.connect()) {
            listener.createStatement().execute("LISTEN api_key_changes");
            UUID key = rows.apiKey(org, hash);
            assertThat(payloads(listener)).as("a new key").containsExactly(hash);
            rows.update("UPDATE api_keys SET last_used_at = now(), updated_at = now() WHERE id = ?", key);
            rows.update("UPDATE api_keys SET disabled = false WHERE id = ?", key); // unchanged value
            assertThat(payloads(listener)).as("last use and no-op updates are silent").isEmpty();
            rows.update("UPDATE api_keys SET limit_nanos = 5 WHERE id = ?", key);
            rows.update("UPDATE api_keys SET disabled = true WHERE id = ?", key);
            rows.update("UPDATE api_keys SET name = 'renamed' WHERE id = ?", key);
            rows.update("UPDATE api_keys SET deleted_at = now() WHERE id = ?", key);
            assertThat(payloads(listener)).containsExactly(hash, hash, hash, hash);
        }
    }

    @Test
    void changing_a_keys_rate_limits_notifies_api_key_changes_as_the_gateway_caches_them_with_the_key() throws Exception {
        UUID org = rows.teamOrganization("Rate limited");
        String hash = Rows.hash('e');
        UUID key = rows.apiKey(org, hash);
        try (Connection listener = database.connect()) {
            listener.createStatement().execute("LISTEN api_key_changes");
            rows.update("UPDATE api_keys SET rate_limit_rpm = 60 WHERE id = ?", key);
            rows.update("UPDATE api_keys SET rate_limit_tpm = 100000 WHERE id = ?", key);
            rows.update("UPDATE api_keys SET rate_limit_rpm = 60, rate_limit_tpm = 100000 WHERE id = ?", key); // unchanged
            rows.update("UPDATE api_keys SET rate_limit_rpm = NULL WHERE id = ?", key);
            rows.update("UPDATE api_keys SET rate_limit_tpm = NULL WHERE id = ?", key);
            assertThat(payloads(listener)).containsExactly(hash, hash, hash, hash);
        }
    }

    private static List<String> payloads(Connection listener) throws Exception {
        listener.createStatement().execute("SELECT 1"); // notifications arrive with the next round trip
        List<String> out = new ArrayList<>();
        PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(500);
        if (notifications != null) {
            for (PGNotification n : notifications) {
                out.add(n.getParameter());
            }
        }
        return out;
    }
}
