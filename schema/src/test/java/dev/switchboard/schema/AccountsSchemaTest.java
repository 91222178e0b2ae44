package dev.switchboard.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schema.accounts.ApiKey;
import dev.switchboard.schema.accounts.ApiKeyRepository;
import dev.switchboard.schema.accounts.LimitReset;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.Membership;
import dev.switchboard.schema.accounts.MembershipRepository;
import dev.switchboard.testkit.db.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class AccountsSchemaTest extends SchemaTestBase {

    private static final String INSERT_KEY = "INSERT INTO api_keys (id, organization_id, name, display_prefix, key_hash, limit_nanos, limit_reset) VALUES (?, ?, 'k', 'sk-sb-v1-abc', ?, ?, ?)";

    @Inject
    ApiKeyRepository apiKeys;
    @Inject
    MembershipRepository memberships;

    @Test
    void refuses_two_keys_with_the_same_hash() throws Exception {
        UUID org = rows.teamOrganization("Keys");
        rows.apiKey(org, Rows.hash('a'));
        rows.refused("23505", "api_keys_key_hash_unique", INSERT_KEY, UUID.randomUUID(), org, Rows.hash('a'), null, null);
    }

    @Test
    void refuses_malformed_hashes_negative_limits_and_unknown_reset_periods() throws Exception {
        UUID org = rows.teamOrganization("Key rules");
        rows.refused("23514", "api_keys_key_hash_shape", INSERT_KEY, UUID.randomUUID(), org, "sk-sb-v1-plaintext", null, null);
        rows.refused("23514", "api_keys_limit_non_negative", INSERT_KEY, UUID.randomUUID(), org, Rows.hash('b'), -1L, null);
        rows.refused("23514", "api_keys_limit_reset", INSERT_KEY, UUID.randomUUID(), org, Rows.hash('c'), 5L, "hourly");
        assertThat(rows.scalar("SELECT count(*) FROM api_keys WHERE organization_id = ?", org)).isZero();
    }

    @Test
    void allows_one_personal_organization_per_user() throws Exception {
        UUID user = rows.user("solo@example.com");
        rows.personalOrganization(user);
        rows.refused("23505", "organizations_personal_user_id_key",
                "INSERT INTO organizations (id, name, kind, personal_user_id) VALUES (?, 'Again', 'personal', ?)", UUID.randomUUID(), user);
        rows.refused("23514", "organizations_personal_has_user",
                "INSERT INTO organizations (id, name, kind) VALUES (?, 'No owner', 'personal')", UUID.randomUUID());
    }

    @Test
    void refuses_unknown_roles_and_duplicate_memberships() throws Exception {
        UUID user = rows.user("member@example.com");
        UUID org = rows.teamOrganization("Team");
        String insert = "INSERT INTO memberships (organization_id, user_id, role) VALUES (?, ?, ?)";
        rows.refused("23514", "memberships_role", insert, org, user, "superuser");
        rows.update(insert, org, user, "admin");
        rows.refused("23505", "memberships_pkey", insert, org, user, "member");
    }

    @Test
    void maps_keys_and_memberships_as_entities() throws Exception {
        UUID user = rows.user("entity@example.com");
        UUID org = rows.personalOrganization(user);
        UUID keyId = UUID.randomUUID();
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            ApiKey key = new ApiKey();
            key.id = keyId;
            key.organizationId = org;
            key.createdBy = user;
            key.name = "CI";
            key.displayPrefix = "sk-sb-v1-0a1…f9e";
            key.keyHash = Rows.hash('d');
            key.limitNanos = 25_000_000_000L;
            key.limitReset = LimitReset.WEEKLY;
            key.expiresAt = expires;
            key.createdAt = Instant.now();
            apiKeys.persist(key);

            Membership m = new Membership();
            m.organizationId = org;
            m.userId = user;
            m.role = MemberRole.OWNER;
            m.createdAt = Instant.now();
            memberships.persist(m);
        });

        assertThat(rows.text("SELECT limit_reset FROM api_keys WHERE id = ?", keyId)).isEqualTo("weekly");
        assertThat(rows.text("SELECT role FROM memberships WHERE user_id = ?", user)).isEqualTo("owner");
        ApiKey loaded = QuarkusTransaction.requiringNew().call(() -> apiKeys.findByHash(Rows.hash('d')).orElseThrow());
        assertThat(loaded.limitReset).isEqualTo(LimitReset.WEEKLY);
        assertThat(loaded.expiresAt).isEqualTo(expires);
        assertThat(loaded.isUsableAt(Instant.now())).isTrue();
        assertThat(loaded.isUsableAt(expires.plusSeconds(1))).isFalse();
    }
}
