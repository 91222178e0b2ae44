package dev.switchboard.schema;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;

/** Plain-SQL fixtures for the schema tests: the constraints are the database's, so tests talk SQL to it. */
final class Rows {

    private final Connection c;

    Rows(Connection c) {
        this.c = c;
    }

    UUID user(String email) throws SQLException {
        UUID id = UUID.randomUUID();
        update("INSERT INTO users (id, keycloak_subject, email) VALUES (?, ?, ?)", id, UUID.randomUUID().toString(), email);
        return id;
    }

    UUID personalOrganization(UUID user) throws SQLException {
        UUID id = UUID.randomUUID();
        update("INSERT INTO organizations (id, name, kind, personal_user_id) VALUES (?, 'Personal', 'personal', ?)", id, user);
        return id;
    }

    UUID teamOrganization(String name) throws SQLException {
        UUID id = UUID.randomUUID();
        update("INSERT INTO organizations (id, name, kind) VALUES (?, ?, 'team')", id, name);
        return id;
    }

    UUID apiKey(UUID organization, String hash) throws SQLException {
        UUID id = UUID.randomUUID();
        update("INSERT INTO api_keys (id, organization_id, name, display_prefix, key_hash) VALUES (?, ?, 'key', 'sk-sb-v1-abc', ?)",
                id, organization, hash);
        return id;
    }

    void ledger(UUID organization, String kind, long amountNanos, String reference) throws SQLException {
        update("INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID(), organization, kind, amountNanos, reference);
    }

    void generation(String id, Instant createdAt, UUID organization, UUID key, String model, long costNanos,
                    int prompt, int completion, int status) throws SQLException {
        update("""
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type,
                                         tokens_prompt, tokens_completion, cost_nanos, streamed, status)
                VALUES (?, ?, ?, ?, ?, 'openai', 'chat', ?, ?, ?, false, ?)""",
                id, Timestamp.from(createdAt), organization, key, model, prompt, completion, costNanos, status);
    }

    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    long scalar(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    String text(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Asserts that {@code sql} is refused with SQLSTATE {@code sqlState} and a message naming {@code constraint}. */
    AbstractThrowableAssert<?, ? extends Throwable> refused(String sqlState, String constraint, String sql, Object... args) {
        return assertThatThrownBy(() -> update(sql, args))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(constraint)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((SQLException) e).getSQLState()).isEqualTo(sqlState));
    }

    static String hash(char c) {
        return String.valueOf(c).repeat(64);
    }
}
