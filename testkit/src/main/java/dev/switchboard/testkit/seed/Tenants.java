package dev.switchboard.testkit.seed;

import dev.switchboard.shared.keys.ApiKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Test seeding, written once for every service: users, organizations, members, keys and credit, written straight
 * into a test database the way their owners (accounts-service, billing-service) write them, so that a test of
 * one service can stand on the others' rows without running them.
 */
public final class Tenants {

    /** Where the tenants live: the test database, or a throw-away Postgres server of a fault test. */
    @FunctionalInterface
    public interface Database {
        Connection connect() throws SQLException;
    }

    private final Database db;

    public Tenants(Database db) {
        this.db = db;
    }

    /** A team organization with one key; {@code creditNanos} is bought as one purchase entry (0 = none). */
    public Tenant create(String name, long creditNanos) {
        UUID org = UUID.randomUUID();
        exec("INSERT INTO organizations (id, name, kind) VALUES (?, ?, 'team')", org, name);
        Tenant tenant = new Tenant(org, null, null);
        tenant = tenant.withKey(addKey(org, null, null));
        if (creditNanos > 0) {
            credit(org, creditNanos);
        }
        return tenant;
    }

    /** A {@code users} row for a Keycloak subject (as accounts-service provisions on the first call); returns its id. */
    public UUID user(String keycloakSubject, String email) {
        UUID id = UUID.randomUUID();
        exec("INSERT INTO users (id, keycloak_subject, email) VALUES (?, ?, ?)", id, keycloakSubject, email);
        return id;
    }

    /** Makes {@code user} a member of {@code org} with {@code role} (owner, admin or member). */
    public void member(UUID org, UUID user, String role) {
        exec("INSERT INTO memberships (organization_id, user_id, role) VALUES (?, ?, ?)", org, user, role);
    }

    /** A new key of the organization; returns its plaintext secret. */
    public Key addKey(UUID org, Long limitNanos, String limitReset) {
        String secret = ApiKeys.generate();
        UUID id = UUID.randomUUID();
        exec("INSERT INTO api_keys (id, organization_id, name, display_prefix, key_hash, limit_nanos, limit_reset) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, org, "test key", ApiKeys.label(secret), ApiKeys.hash(secret), limitNanos, limitReset);
        return new Key(id, secret);
    }

    /** A named key of the organization created by {@code createdBy} (null: no creator), inference or management. */
    public Key key(UUID org, UUID createdBy, String name, boolean management) {
        String secret = ApiKeys.generate();
        UUID id = UUID.randomUUID();
        exec("INSERT INTO api_keys (id, organization_id, created_by, name, display_prefix, key_hash, is_management) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, org, createdBy, name, ApiKeys.label(secret), ApiKeys.hash(secret), management);
        return new Key(id, secret);
    }

    /**
     * A served chat generation as the gateway records it (no ledger entry: add the usage entry where the test needs
     * one); the {@code daily_usage} trigger rolls it up. Returns its id.
     */
    public String generation(UUID org, UUID keyId, String model, String provider, Instant createdAt,
                             int promptTokens, int completionTokens, int reasoningTokens, int cachedTokens, long costNanos) {
        String id = "gen-" + createdAt.getEpochSecond() + "-" + UUID.randomUUID();
        exec("""
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type,
                    tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, streamed, status, finish_reason)
                VALUES (?, ?, ?, ?, ?, ?, 'chat', ?, ?, ?, ?, ?, false, 200, 'stop')""",
                id, createdAt.atOffset(ZoneOffset.UTC), org, keyId, model, provider, promptTokens, completionTokens, reasoningTokens,
                cachedTokens, costNanos);
        return id;
    }

    public void credit(UUID org, long nanos) {
        exec("INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference) VALUES (?, ?, 'purchase', ?, ?)",
                UUID.randomUUID(), org, nanos, "cs_test_" + UUID.randomUUID());
    }

    public void disable(UUID keyId) {
        exec("UPDATE api_keys SET disabled = true, updated_at = now() WHERE id = ?", keyId);
    }

    public long balance(UUID org) {
        return scalar("SELECT coalesce((SELECT balance_nanos FROM organization_balances WHERE organization_id = ?), 0)", org);
    }

    public long ledgerSum(UUID org) {
        return scalar("SELECT coalesce(sum(amount_nanos), 0) FROM ledger_entries WHERE organization_id = ?", org);
    }

    public long usageEntriesSum(UUID org) {
        return scalar("SELECT coalesce(sum(amount_nanos), 0) FROM ledger_entries WHERE organization_id = ? AND kind = 'usage'", org);
    }

    public long generationCostSum(UUID org) {
        return scalar("SELECT coalesce(sum(cost_nanos), 0) FROM generations WHERE organization_id = ?", org);
    }

    /** What generations the database refused cost: billed, and parked until an operator replays them. */
    public long parkedCostSum(UUID org) {
        return scalar("SELECT coalesce(sum(cost_nanos), 0) FROM parked_generations WHERE organization_id = ? AND replayed_at IS NULL", org);
    }

    public long generationCount(UUID org) {
        return scalar("SELECT count(*) FROM generations WHERE organization_id = ?", org);
    }

    public long scalar(String sql, Object... args) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text(String sql, Object... args) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void exec(String sql, Object... args) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    public record Key(UUID id, String secret) {
    }

    public record Tenant(UUID organizationId, UUID keyId, String secret) {
        Tenant withKey(Key key) {
            return new Tenant(organizationId, key.id(), key.secret());
        }
    }
}
