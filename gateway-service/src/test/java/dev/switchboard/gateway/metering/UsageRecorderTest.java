package dev.switchboard.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.gateway.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Group commit: a row the database refuses is set aside and counted; the rows around it are written, metering goes on. */
@QuarkusTest
class UsageRecorderTest extends GatewayTestBase {

    @Test
    void a_refused_row_does_not_stall_metering_or_take_its_batch_down() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        GenerationRecord good = record(t, GenerationIds.next(Instant.now()), "chat", 1_000);
        GenerationRecord refused = record(t, GenerationIds.next(Instant.now()), "not-an-api-type", 2_000); // violates a CHECK
        GenerationRecord alsoGood = record(t, GenerationIds.next(Instant.now()), "chat", 3_000);
        recorder.record(good);
        recorder.record(refused);
        recorder.record(alsoGood);
        flushed();

        Tenants db = tenants();
        assertThat(db.scalar("SELECT count(*) FROM generations WHERE id IN (?, ?)", good.id(), alsoGood.id())).isEqualTo(2);
        assertThat(db.scalar("SELECT count(*) FROM generations WHERE id = ?", refused.id())).isZero();
        assertThat(recorder.unwritten(refused.id())).isEmpty();
        assertThat(db.balance(t.organizationId())).isEqualTo(TEN_DOLLARS - 4_000);
        assertLedgerInvariants(t.organizationId());

        // and the writer still works afterwards
        post("/chat/completions", t.secret(), chat("switchboard/echo", "Say hello to me")).then().statusCode(200);
        assertLedgerInvariants(t.organizationId());
    }

    private static GenerationRecord record(Tenants.Tenant t, String id, String apiType, long cost) {
        return new GenerationRecord(id, Instant.now(), t.organizationId(), t.keyId(), "switchboard/echo", "fake", "Fake", null, apiType,
                null, 1, 1, 0, 0, false, cost, 1, 1, false, false, "stop", "stop", 200, null, null, null, null, null, null,
                List.of(), null, null);
    }
}
