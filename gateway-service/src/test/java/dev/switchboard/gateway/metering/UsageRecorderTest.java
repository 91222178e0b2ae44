package dev.switchboard.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A served response is billed whatever happens to its row. For every way the database can refuse a generation
 * row, the cost the client was told (the record's cost) is what the ledger charged: the row is stored
 * sanitised, or parked beside its usage entry; the rows around it are written and metering goes on.
 */
@QuarkusTest
class UsageRecorderTest extends GatewayTestBase {

    private static final String NUL = "\u0000";

    @Inject
    MeterRegistry meters;

    @Test
    void a_nul_in_any_text_is_stored_sanitised_and_billed() {
        assertStoredSanitisedAndBilled(g -> with(g, "bot" + NUL + "1", "title" + NUL, "https://x.test/" + NUL, "user" + NUL + "id",
                "up" + NUL + "stream", "error" + NUL + "message", "[{\"provider_name\":\"Fake\",\"status\":200,\"note\":\"a\\u0000b" + NUL + "\"}]",
                List.of("top" + NUL + "k"), "stop"));
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        GenerationRecord g = record(t, "chat", 7_000);
        recorder.record(with(g, null, "t" + NUL, null, "u" + NUL, null, null, null, List.of(), "stop"));
        flushed();
        assertThat(tenants().text("SELECT external_user FROM generations WHERE id = ?", g.id())).isEqualTo("u");
        assertThat(tenants().text("SELECT app_title FROM generations WHERE id = ?", g.id())).isEqualTo("t");
    }

    /** Rows go to Postgres as COPY text (GenerationCopy): every character its format escapes comes back as it was. */
    @Test
    void texts_with_what_copy_escapes_arrays_json_nulls_and_times_are_stored_exactly() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        String odd = "back\\slash \\N tab\tnew\nline cr\r quote\" ' comma, {brace} é 日本 🚀";
        String json = "[{\"provider_name\":\"Fake\",\"status\":200,\"note\":\"a\\\\b \\\"q\\\" \\t\"}]";
        Instant at = Instant.parse("2026-12-07T10:11:12.345678Z");
        GenerationRecord base = record(t, "chat", 4_321);
        GenerationRecord g = new GenerationRecord(base.id(), at, base.organizationId(), base.apiKeyId(), base.modelId(),
                base.providerId(), base.providerName(), null, "responses", odd, 11, 22, 3, 4, 5, true, base.costNanos(), null, 7,
                true, false, "stop", odd, 200, null, odd, odd, odd, odd, json,
                List.of("top_k", "a\"b", "c\\d", "e,f", "{g}", "NULL", ""), null, null);
        recorder.record(g);
        flushed();
        Tenants db = tenants();
        for (String column : List.of("upstream_id", "native_finish_reason", "error_message", "app_referer", "app_title", "external_user")) {
            assertThat(db.text("SELECT " + column + " FROM generations WHERE id = ?", g.id())).as(column).isEqualTo(odd);
        }
        assertThat(db.text("SELECT provider_responses::text FROM generations WHERE id = ?", g.id()))
                .isEqualTo(db.text("SELECT ?::jsonb::text", json));
        assertThat(db.text("SELECT array_to_json(dropped_parameters)::text FROM generations WHERE id = ?", g.id()))
                .isEqualTo("[\"top_k\",\"a\\\"b\",\"c\\\\d\",\"e,f\",\"{g}\",\"NULL\",\"\"]");
        assertThat(db.text("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM generations WHERE id = ?", g.id()))
                .isEqualTo("2026-12-07 10:11:12.345678");
        assertThat(db.text("SELECT concat_ws('|', api_type, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, "
                + "tokens_cache_write, tokens_estimated, cost_nanos, coalesce(latency_ms::text, 'null'), generation_time_ms, streamed, "
                + "cancelled, finish_reason, status, coalesce(error_code, 'null'), coalesce(endpoint_id::text, 'null')) "
                + "FROM generations WHERE id = ?", g.id()))
                .isEqualTo("responses|11|22|3|4|5|t|4321|null|7|t|f|stop|200|null|null");
        assertThat(-db.usageEntriesSum(t.organizationId())).isEqualTo(4_321);
        assertLedgerInvariants(t.organizationId());
    }

    @Test
    void over_long_texts_are_cut_and_billed() {
        String longText = "x".repeat(100_000);
        GenerationRecord stored = assertStoredSanitisedAndBilled(
                g -> with(g, longText, longText, longText, longText, longText, longText, null, List.of(longText), "stop"));
        assertThat(tenants().scalar("SELECT length(external_user) FROM generations WHERE id = ?", stored.id()))
                .isEqualTo(GenerationSanitizer.MAX_USER);
        assertThat(tenants().scalar("SELECT length(app_referer) FROM generations WHERE id = ?", stored.id()))
                .isEqualTo(GenerationSanitizer.MAX_REFERER);
        assertThat(tenants().scalar("SELECT length(error_message) FROM generations WHERE id = ?", stored.id()))
                .isEqualTo(GenerationSanitizer.MAX_ERROR_MESSAGE);
    }

    @Test
    void an_unknown_finish_reason_and_negative_counts_are_stored_sanitised_and_billed() {
        assertStoredSanitisedAndBilled(g -> new GenerationRecord(g.id(), g.createdAt(), g.organizationId(), g.apiKeyId(), g.modelId(),
                g.providerId(), g.providerName(), g.endpointId(), g.apiType(), g.upstreamId(), -1, -2, -3, -4, false, g.costNanos(),
                -5, -6, false, false, "exploded", "EXPLODED", 200, null, null, null, null, null, null, List.of(), null, null));
    }

    @Test
    void a_row_the_schema_refuses_outright_is_parked_and_billed() {
        // an api type the CHECK refuses, a month without a partition, a key that does not exist: nothing to sanitise
        assertParkedAndBilled(g -> new GenerationRecord(g.id(), g.createdAt(), g.organizationId(), g.apiKeyId(), g.modelId(),
                g.providerId(), g.providerName(), g.endpointId(), "not-an-api-type", null, 1, 1, 0, 0, false, g.costNanos(), 1, 1,
                false, false, "stop", "stop", 200, null, null, null, null, null, null, List.of(), null, null), "23514");
        Instant longAgo = ZonedDateTime.of(1999, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
        assertParkedAndBilled(g -> new GenerationRecord(GenerationIds.next(longAgo), longAgo, g.organizationId(), g.apiKeyId(), g.modelId(),
                g.providerId(), g.providerName(), g.endpointId(), g.apiType(), null, 1, 1, 0, 0, false, g.costNanos(), 1, 1,
                false, false, "stop", "stop", 200, null, null, null, null, null, null, List.of(), null, null), "23514");
        assertParkedAndBilled(g -> new GenerationRecord(g.id(), g.createdAt(), g.organizationId(), UUID.randomUUID(), g.modelId(),
                g.providerId(), g.providerName(), g.endpointId(), g.apiType(), null, 1, 1, 0, 0, false, g.costNanos(), 1, 1,
                false, false, "stop", "stop", 200, null, null, null, null, null, null, List.of(), null, null), "23503");
    }

    @Test
    void a_refused_row_does_not_stall_metering_or_take_its_batch_down() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        GenerationRecord good = record(t, "chat", 1_000);
        GenerationRecord refused = record(t, "not-an-api-type", 2_000); // violates a CHECK
        GenerationRecord alsoGood = record(t, "chat", 3_000);
        recorder.record(good);
        recorder.record(refused);
        recorder.record(alsoGood);
        flushed();

        Tenants db = tenants();
        assertThat(db.scalar("SELECT count(*) FROM generations WHERE id IN (?, ?)", good.id(), alsoGood.id())).isEqualTo(2);
        assertThat(db.scalar("SELECT count(*) FROM generations WHERE id = ?", refused.id())).isZero();
        assertThat(recorder.unwritten(refused.id())).isEmpty();
        assertThat(db.balance(t.organizationId())).as("the refused one is billed too").isEqualTo(TEN_DOLLARS - 6_000);
        assertLedgerInvariants(t.organizationId());

        // and the writer still works afterwards
        post("/chat/completions", t.secret(), chat("switchboard/echo", "Say hello to me")).then().statusCode(200);
        assertLedgerInvariants(t.organizationId());
    }

    private GenerationRecord assertStoredSanitisedAndBilled(UnaryOperator<GenerationRecord> spoil) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        GenerationRecord g = spoil.apply(record(t, "chat", 12_345));
        double sanitisedBefore = meters.counter("switchboard.metering.sanitized").count();
        recorder.record(g);
        flushed();
        Tenants db = tenants();
        assertThat(db.scalar("SELECT count(*) FROM generations WHERE id = ?", g.id())).as("stored").isEqualTo(1);
        assertThat(db.scalar("SELECT cost_nanos FROM generations WHERE id = ?", g.id())).isEqualTo(12_345);
        assertThat(-db.usageEntriesSum(t.organizationId())).as("the client's reported cost = what the ledger charged").isEqualTo(12_345);
        assertThat(db.balance(t.organizationId())).isEqualTo(TEN_DOLLARS - 12_345);
        assertThat(meters.counter("switchboard.metering.sanitized").count()).isEqualTo(sanitisedBefore + 1);
        assertLedgerInvariants(t.organizationId());
        return g;
    }

    private void assertParkedAndBilled(UnaryOperator<GenerationRecord> spoil, String sqlState) {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        GenerationRecord g = spoil.apply(record(t, "chat", 23_456));
        double parkedBefore = meters.get("switchboard.metering.parked").gauge().value();
        recorder.record(g);
        flushed();
        Tenants db = tenants();
        assertThat(db.scalar("SELECT count(*) FROM generations WHERE id = ?", g.id())).isZero();
        assertThat(db.scalar("SELECT cost_nanos FROM parked_generations WHERE id = ?", g.id())).as("parked").isEqualTo(23_456);
        assertThat(db.text("SELECT reason FROM parked_generations WHERE id = ?", g.id())).startsWith(sqlState);
        assertThat(db.text("SELECT record FROM parked_generations WHERE id = ?", g.id())).contains(g.id(), g.apiKeyId().toString());
        assertThat(-db.usageEntriesSum(t.organizationId())).as("the client's reported cost = what the ledger charged").isEqualTo(23_456);
        assertThat(db.balance(t.organizationId())).isEqualTo(TEN_DOLLARS - 23_456);
        assertThat(meters.get("switchboard.metering.parked").gauge().value()).isEqualTo(parkedBefore + 1);
        assertLedgerInvariants(t.organizationId());
    }

    private static GenerationRecord with(GenerationRecord g, String upstreamId, String title, String referer, String user, String nativeFinish,
                                         String error, String providerResponses, List<String> dropped, String finish) {
        return new GenerationRecord(g.id(), g.createdAt(), g.organizationId(), g.apiKeyId(), g.modelId(), g.providerId(), g.providerName(),
                g.endpointId(), g.apiType(), upstreamId, 1, 1, 0, 0, false, g.costNanos(), 1, 1, false, false, finish, nativeFinish, 200,
                null, error, referer, title, user, providerResponses, dropped, null, null);
    }

    private static GenerationRecord record(Tenants.Tenant t, String apiType, long cost) {
        return new GenerationRecord(GenerationIds.next(Instant.now()), Instant.now(), t.organizationId(), t.keyId(), "switchboard/echo",
                "fake", "Fake", null, apiType, null, 1, 1, 0, 0, false, cost, 1, 1, false, false, "stop", "stop", 200, null, null, null,
                null, null, null, List.of(), null, null);
    }
}
