package dev.switchboard.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A disabled, deleted or expired key, or any key of a deleted organization, stops working within a second (LISTEN/NOTIFY). */
@QuarkusTest
class KeyRevocationTest extends GatewayTestBase {

    @Inject
    ApiKeyCache keys;

    @Test
    void a_disabled_key_gets_401_within_a_second() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(200); // now cached
        long disabledAt = System.nanoTime();
        tenants().disable(t.keyId());
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).statusCode() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - disabledAt)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void deleted_and_expired_keys_get_401() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(200);
        tenants().exec("UPDATE api_keys SET deleted_at = now() WHERE id = ?", t.keyId());
        Awaitility.await().atMost(Duration.ofSeconds(1))
                .until(() -> post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).statusCode() == 401);

        Tenants.Key expiring = tenants().addKey(t.organizationId(), null, null);
        post("/chat/completions", expiring.secret(), chat("switchboard/echo", "hi")).then().statusCode(200);
        tenants().exec("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?", expiring.id());
        Awaitility.await().atMost(Duration.ofSeconds(1))
                .until(() -> post("/chat/completions", expiring.secret(), chat("switchboard/echo", "hi")).statusCode() == 401);
    }

    @Test
    void every_cached_key_of_a_deleted_organization_gets_401_within_a_second() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        Tenants.Key second = tenants().addKey(t.organizationId(), null, null);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(200); // both cached
        post("/chat/completions", second.secret(), chat("switchboard/echo", "hi")).then().statusCode(200);
        long deletedAt = System.nanoTime();
        tenants().exec("UPDATE organizations SET deleted_at = now() WHERE id = ?", t.organizationId());
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).statusCode() == 401
                        && post("/chat/completions", second.secret(), chat("switchboard/echo", "hi")).statusCode() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - deletedAt)).isLessThan(Duration.ofSeconds(1));
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void the_gateway_stamps_last_use_once_a_minute_without_evicting_the_key_from_its_cache() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(200); // now cached
        flushed();
        Awaitility.await().atMost(Duration.ofSeconds(2))
                .until(() -> tenants().text("SELECT last_used_at::text FROM api_keys WHERE id = ?", t.keyId()) != null);
        String firstStamp = tenants().text("SELECT last_used_at::text FROM api_keys WHERE id = ?", t.keyId());

        long lookups = keys.databaseLookups();
        post("/chat/completions", t.secret(), chat("switchboard/echo", "hi")).then().statusCode(200);
        flushed();
        assertThat(keys.databaseLookups()).as("stamping last use does not evict the key").isEqualTo(lookups);
        assertThat(tenants().text("SELECT last_used_at::text FROM api_keys WHERE id = ?", t.keyId()))
                .as("at most once a minute").isEqualTo(firstStamp);
    }
}
