package dev.switchboard.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.db.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class UsageSchemaTest extends SchemaTestBase {

    @Test
    void lands_a_generation_in_its_monthly_partition_and_in_the_daily_rollup() throws Exception {
        UUID org = rows.teamOrganization("Usage");
        UUID key = rows.apiKey(org, Rows.hash('1'));
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        Instant firstDay = month.atDay(1).atTime(0, 0, 1).toInstant(ZoneOffset.UTC);
        Instant lastSecond = month.atEndOfMonth().atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
        Instant nextMonth = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);

        rows.generation("gen-a", firstDay, org, key, "openai/gpt-4o", 1_500, 100, 20, 200);
        rows.generation("gen-b", firstDay.plusSeconds(60), org, key, "openai/gpt-4o", 2_250, 300, 40, 200);
        rows.generation("gen-c", firstDay.plusSeconds(120), org, key, "anthropic/claude-sonnet-4.5", 9_000, 10, 5, 502);
        rows.generation("gen-d", lastSecond, org, key, "openai/gpt-4o", 7, 1, 1, 200);
        rows.generation("gen-e", nextMonth, org, key, "openai/gpt-4o", 11, 2, 2, 200);

        String partition = "generations_" + month.toString().replace('-', '_');
        String next = "generations_" + month.plusMonths(1).toString().replace('-', '_');
        assertThat(rows.text("SELECT tableoid::regclass::text FROM generations WHERE id = 'gen-a'")).isEqualTo(partition);
        assertThat(rows.text("SELECT tableoid::regclass::text FROM generations WHERE id = 'gen-d'")).isEqualTo(partition);
        assertThat(rows.text("SELECT tableoid::regclass::text FROM generations WHERE id = 'gen-e'")).isEqualTo(next);

        String rollup = "SELECT %s FROM daily_usage WHERE organization_id = ? AND day = ? AND model_id = ?";
        java.sql.Date day1 = java.sql.Date.valueOf(month.atDay(1));
        assertThat(rows.scalar(rollup.formatted("requests"), org, day1, "openai/gpt-4o")).isEqualTo(2);
        assertThat(rows.scalar(rollup.formatted("cost_nanos"), org, day1, "openai/gpt-4o")).isEqualTo(3_750);
        assertThat(rows.scalar(rollup.formatted("prompt_tokens"), org, day1, "openai/gpt-4o")).isEqualTo(400);
        assertThat(rows.scalar(rollup.formatted("completion_tokens"), org, day1, "openai/gpt-4o")).isEqualTo(60);
        assertThat(rows.scalar(rollup.formatted("errors"), org, day1, "anthropic/claude-sonnet-4.5")).isEqualTo(1);
        assertThat(rows.scalar(rollup.formatted("cost_nanos"), org, java.sql.Date.valueOf(month.atEndOfMonth()), "openai/gpt-4o")).isEqualTo(7);
        assertThat(rows.scalar("SELECT sum(cost_nanos) FROM daily_usage WHERE organization_id = ?", org))
                .isEqualTo(rows.scalar("SELECT sum(cost_nanos) FROM generations WHERE organization_id = ?", org))
                .isEqualTo(1_500 + 2_250 + 9_000 + 7 + 11);
    }

    @Test
    void aggregates_a_multi_row_insert_into_one_rollup_row() throws Exception {
        UUID org = rows.teamOrganization("Batch");
        UUID key = rows.apiKey(org, Rows.hash('2'));
        int inserted = rows.update("""
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type, cost_nanos, streamed, status, tokens_prompt)
                SELECT 'gen-batch-' || i, now(), ?, ?, 'mistralai/mistral-small', 'mistral', 'chat', i, true, 200, 1
                FROM generate_series(1, 300) AS i""", org, key);
        assertThat(inserted).isEqualTo(300);
        assertThat(rows.scalar("SELECT count(*) FROM daily_usage WHERE organization_id = ?", org)).isEqualTo(1);
        assertThat(rows.scalar("SELECT requests FROM daily_usage WHERE organization_id = ?", org)).isEqualTo(300);
        assertThat(rows.scalar("SELECT cost_nanos FROM daily_usage WHERE organization_id = ?", org)).isEqualTo(300L * 301 / 2);
    }

    @Test
    void refuses_to_change_a_generation_or_store_a_negative_cost() throws Exception {
        UUID org = rows.teamOrganization("Immutable");
        UUID key = rows.apiKey(org, Rows.hash('3'));
        rows.generation("gen-fixed", Instant.now(), org, key, "openai/gpt-4o", 10, 1, 1, 200);
        rows.refused("23001", "immutable", "UPDATE generations SET cost_nanos = 0 WHERE id = 'gen-fixed'");
        rows.refused("23514", "generations_cost_non_negative", """
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type, cost_nanos, streamed, status)
                VALUES ('gen-neg', now(), ?, ?, 'openai/gpt-4o', 'openai', 'chat', -1, false, 200)""", org, key);
        rows.refused("23514", "generations_id_shape", """
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type, cost_nanos, streamed, status)
                VALUES ('chatcmpl-1', now(), ?, ?, 'openai/gpt-4o', 'openai', 'chat', 1, false, 200)""", org, key);
    }

    @Test
    void creates_future_partitions_idempotently() throws Exception {
        long before = rows.scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = 'generations'::regclass");
        assertThat(rows.scalar("SELECT ensure_generation_partitions(current_date, 14)")).isEqualTo(2);
        assertThat(rows.scalar("SELECT ensure_generation_partitions(current_date, 14)")).isZero();
        assertThat(rows.scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = 'generations'::regclass")).isEqualTo(before + 2);
    }
}
