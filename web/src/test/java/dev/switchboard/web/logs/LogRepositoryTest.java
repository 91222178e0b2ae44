package dev.switchboard.web.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.db.TestDatabase;
import dev.switchboard.testkit.seed.Tenants;
import dev.switchboard.web.logs.LogFilter.Form;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The log's statements against a real, migrated Postgres: keyset pages that neither skip nor repeat a row (ties on one
 * microsecond included), each filter, the histogram from the rows and from the rollup, the detail view, and tenancy:
 * another organization's rows and ids are never found.
 */
class LogRepositoryTest {

    static TestDatabase database;
    static LogRepository logs;
    static Tenants tenants;

    static UUID orgA;
    static UUID orgB;
    static UUID alpha;
    static UUID beta;
    static UUID bKey;
    /** Every generation of A as (created_at, id), newest first. */
    static List<Seeded> seededA = new ArrayList<>();
    static String bGeneration;
    static String detailed;

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);

    record Seeded(Instant at, String id, String model, String provider, UUID key, int status, String finish) {
    }

    @BeforeAll
    static void seed() throws Exception {
        database = TestDatabase.create("sb_web_logs");
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password()).load().migrate();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(database.jdbcUrl());
        ds.setUser(database.user());
        if (!database.password().isEmpty()) {
            ds.setPassword(database.password());
        }
        logs = new LogRepository(ds);
        tenants = new Tenants(database::connect);
        tenants.exec("INSERT INTO providers (id, name, api, base_url) VALUES ('fake', 'Fake', 'openai', 'http://x'), "
                + "('other', 'Other', 'openai', 'http://y')");
        tenants.exec("INSERT INTO models (id, name) VALUES ('a/one', 'One'), ('a/two', 'Two')");
        orgA = tenants.create("A", 0).organizationId();
        orgB = tenants.create("B", 0).organizationId();
        alpha = tenants.key(orgA, null, "alpha", false).id();
        beta = tenants.key(orgA, null, "Beta", false).id();
        bKey = tenants.key(orgB, null, "b", false).id();
        tenants.exec("UPDATE api_keys SET deleted_at = now() WHERE id = ?", beta);

        // 130 rows of A over the last ~2 days; every 10th group of 5 shares one microsecond; every 7th fails
        for (int i = 0; i < 130; i++) {
            Instant at = NOW.minus(i * 20L, ChronoUnit.MINUTES).plusMillis(123).plusNanos(456_000);
            if (i % 10 < 5) {
                at = NOW.minus((i / 10) * 200L, ChronoUnit.MINUTES).plusNanos(7_000); // five rows on one microsecond
            }
            String model = i % 13 == 0 ? "a/two" : "a/one";
            String provider = i % 2 == 0 ? "fake" : "other";
            UUID key = i % 3 == 0 ? beta : alpha;
            int status = i % 7 == 0 ? (i % 14 == 0 ? 429 : 502) : 200;
            String finish = status == 200 ? (i == 11 ? "error" : "stop") : null;
            seededA.add(new Seeded(at, insert(orgA, key, model, provider, at, status, finish), model, provider, key, status, finish));
        }
        seededA.sort(Comparator.comparing(Seeded::at).thenComparing(Seeded::id).reversed());
        bGeneration = insert(orgB, bKey, "a/one", "fake", NOW, 200, "stop");
        detailed = seededA.get(0).id();
        // an old generation in a month of its own: the detail lookup must find it through the second of its id
        tenants.exec("CREATE TABLE generations_2001_09 PARTITION OF generations FOR VALUES FROM ('2001-09-01Z') TO ('2001-10-01Z')");
        tenants.exec("""
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type, tokens_prompt,
                    tokens_completion, tokens_reasoning, tokens_cached, tokens_estimated, cost_nanos, upstream_cost_nanos, latency_ms,
                    generation_time_ms, streamed, cancelled, finish_reason, native_finish_reason, status, error_code, error_message,
                    app_referer, app_title, provider_responses, dropped_parameters)
                VALUES ('gen-1000000000-detail', '2001-09-09T01:46:40.5Z', ?, ?, 'a/one', 'fake', 'chat', 12, 50, 7, 3, true, 1234,
                    1000, 250, 2000, true, true, 'length', 'max_tokens', 200, NULL, NULL, 'https://app.example', 'My app',
                    '[{"provider_name":"Fake","status":503,"latency":40},{"provider_name":"Other","status":200,"latency":210},"junk"]',
                    '{logit_bias,seed}')""", orgA, alpha);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    private static String insert(UUID org, UUID key, String model, String provider, Instant at, int status, String finish) throws SQLException {
        String id = "gen-" + at.getEpochSecond() + "-" + UUID.randomUUID();
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO generations (id, created_at, organization_id, api_key_id, model_id, provider_id, api_type, tokens_prompt,
                    tokens_completion, cost_nanos, streamed, status, finish_reason)
                VALUES (?, ?, ?, ?, ?, ?, 'chat', 10, 20, 1000, false, ?, ?)""")) {
            s.setString(1, id);
            s.setObject(2, at.atOffset(ZoneOffset.UTC));
            s.setObject(3, org);
            s.setObject(4, key);
            s.setString(5, model);
            s.setString(6, provider);
            s.setInt(7, status);
            s.setString(8, finish);
            s.executeUpdate();
        }
        return id;
    }

    private static LogFilter filter(String model, String provider, String key, String status, String from, String to) {
        LogFilter.Parsed parsed = LogFilter.parse(new Form(model, provider, key, status, from, to), null);
        assertThat(parsed.errors()).isEmpty();
        return parsed.filter();
    }

    /** Every row the filter lists, page by page as the page's "Older" link walks them. */
    private static List<LogRow> walk(LogFilter filter, int pageSize) {
        Map<UUID, KeyName> keys = logs.keys(orgA);
        List<LogRow> all = new ArrayList<>();
        LogFilter page = filter;
        while (true) {
            List<LogRow> rows = logs.page(orgA, page, pageSize + 1, keys, Map.of());
            all.addAll(rows.subList(0, Math.min(pageSize, rows.size())));
            if (rows.size() <= pageSize) {
                return all;
            }
            page = filter.withBefore(rows.get(pageSize - 1).cursor());
        }
    }

    private static List<String> ids(List<LogRow> rows) {
        return rows.stream().map(LogRow::id).toList();
    }

    private static List<String> expected(java.util.function.Predicate<Seeded> which) {
        return seededA.stream().filter(which).map(Seeded::id).toList();
    }

    @Test
    void keyset_pages_list_every_row_of_the_organization_once_newest_first() {
        List<String> all = ids(walk(LogFilter.NONE, 7));
        List<String> expected = new ArrayList<>(expected(s -> true));
        expected.add("gen-1000000000-detail"); // the oldest
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(new HashSet<>(all)).hasSize(all.size()).doesNotContain(bGeneration);
        assertThat(ids(walk(LogFilter.NONE, 50))).containsExactlyElementsOf(expected);
    }

    @Test
    void rows_carry_the_key_names_and_marks() {
        Map<UUID, KeyName> keys = logs.keys(orgA);
        List<LogRow> rows = logs.page(orgA, LogFilter.NONE, 200, keys, Map.of("fake", "Fake"));
        LogRow deletedKey = rows.stream().filter(r -> r.keyId().equals(beta)).findFirst().orElseThrow();
        assertThat(deletedKey.keyLabel()).isEqualTo("Beta (deleted)");
        LogRow detail = rows.get(rows.size() - 1);
        assertThat(detail.id()).isEqualTo("gen-1000000000-detail");
        assertThat(detail.tokens()).isEqualTo("~12 → 50");
        assertThat(detail.cost()).isEqualTo("$0.000001234");
        assertThat(detail.latency()).isEqualTo("250 ms");
        assertThat(detail.streamed()).isTrue();
        assertThat(detail.cancelled()).isTrue();
        assertThat(detail.providerLabel()).isEqualTo("Fake");
        assertThat(rows.stream().filter(r -> r.id().equals(seededA.get(0).id())).findFirst().orElseThrow().createdAt().toInstant())
                .isEqualTo(seededA.get(0).at());
    }

    @Test
    void each_filter_lists_exactly_its_rows() {
        assertThat(ids(walk(filter("a/two", "", "", "", "", ""), 4))).containsExactlyElementsOf(expected(s -> s.model().equals("a/two")));
        assertThat(ids(walk(filter("", "other", "", "", "", ""), 9))).containsExactlyElementsOf(expected(s -> s.provider().equals("other")));
        assertThat(ids(walk(filter("", "", beta.toString(), "", "", ""), 9))).containsExactlyElementsOf(expected(s -> s.key().equals(beta)));
        assertThat(ids(walk(filter("", "", "", "error", "", ""), 3)))
                .containsExactlyElementsOf(expected(s -> s.status() >= 400 || "error".equals(s.finish())));
        List<String> successes = new ArrayList<>(expected(s -> s.status() < 400 && !"error".equals(s.finish())));
        successes.add("gen-1000000000-detail");
        assertThat(ids(walk(filter("", "", "", "success", "", ""), 9))).containsExactlyElementsOf(successes);
        assertThat(ids(walk(filter("", "", "", "429", "", ""), 2))).containsExactlyElementsOf(expected(s -> s.status() == 429)).isNotEmpty();
        assertThat(ids(walk(filter("a/one", "fake", alpha.toString(), "502", "", ""), 2)))
                .containsExactlyElementsOf(expected(s -> s.model().equals("a/one") && s.provider().equals("fake") && s.key().equals(alpha)
                        && s.status() == 502));
        LocalDate day = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(ids(walk(filter("", "", "", "", day.toString(), day.toString()), 9)))
                .containsExactlyElementsOf(expected(s -> !s.at().isBefore(start) && s.at().isBefore(start.plus(1, ChronoUnit.DAYS))));
        assertThat(ids(walk(filter("", "", "", "", "2001-09-09", "2001-09-09"), 9))).containsExactly("gen-1000000000-detail");
        assertThat(walk(filter("no/such", "", "", "", "", ""), 9)).isEmpty();
    }

    @Test
    void the_hourly_histogram_counts_the_rows_of_each_hour() {
        LogFilter filter = filter("", "fake", "", "", "", "");
        HistogramWindow window = HistogramWindow.of(filter, NOW);
        Map<Instant, long[]> counts = logs.histogram(orgA, filter, window);
        for (Instant bucket : window.buckets()) {
            Instant end = bucket.plus(1, ChronoUnit.HOURS);
            List<Seeded> in = seededA.stream().filter(s -> s.provider().equals("fake") && !s.at().isBefore(bucket) && s.at().isBefore(end)).toList();
            long errors = in.stream().filter(s -> s.status() >= 400 || "error".equals(s.finish())).count();
            long[] c = counts.getOrDefault(bucket, new long[2]);
            assertThat(c).as(bucket.toString()).containsExactly(in.size() - errors, errors);
        }
        assertThat(counts.values().stream().mapToLong(c -> c[0] + c[1]).sum()).isPositive();
    }

    @Test
    void the_daily_histogram_reads_the_rollup_and_one_status_from_the_rows() {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        String from = today.minusDays(4).toString();
        String to = today.toString();
        for (String status : new String[] {"", "success", "error", "502"}) {
            LogFilter filter = filter("a/one", "", alpha.toString(), status, from, to);
            HistogramWindow window = HistogramWindow.of(filter, NOW);
            assertThat(window.hourly()).isFalse();
            Map<Instant, long[]> counts = logs.histogram(orgA, filter, window);
            for (Instant bucket : window.buckets()) {
                Instant end = bucket.plus(1, ChronoUnit.DAYS);
                List<Seeded> in = seededA.stream().filter(s -> s.model().equals("a/one") && s.key().equals(alpha)
                        && !s.at().isBefore(bucket) && s.at().isBefore(end)).toList();
                long errors = in.stream().filter(s -> s.status() >= 400 || "error".equals(s.finish())).count();
                long[] want = switch (status) {
                    case "success" -> new long[] {in.size() - errors, 0};
                    case "error" -> new long[] {0, errors};
                    case "502" -> new long[] {0, in.stream().filter(s -> s.status() == 502).count()};
                    default -> new long[] {in.size() - errors, errors};
                };
                assertThat(counts.getOrDefault(bucket, new long[2])).as(status + " " + bucket).containsExactly(want);
            }
        }
    }

    @Test
    void the_detail_has_everything_and_the_attempts_that_parse() {
        GenerationDetail g = logs.detail(orgA, "gen-1000000000-detail").orElseThrow();
        assertThat(g.createdAt().toInstant()).isEqualTo(Instant.parse("2001-09-09T01:46:40.5Z"));
        assertThat(g.providerLabel()).isEqualTo("Fake (fake)");
        assertThat(g.keyLabel()).isEqualTo("alpha");
        assertThat(g.prompt()).isEqualTo("12");
        assertThat(g.completion()).isEqualTo("50");
        assertThat(g.reasoning()).isEqualTo("7");
        assertThat(g.cached()).isEqualTo("3");
        assertThat(g.tokensEstimated()).isTrue();
        assertThat(g.cost()).isEqualTo("$0.000001234");
        assertThat(g.upstreamCost()).isEqualTo("$0.000001");
        assertThat(g.latency()).isEqualTo("250 ms");
        assertThat(g.generationTime()).isEqualTo("2,000 ms");
        assertThat(g.throughput()).isEqualTo("25.0 tokens/s");
        assertThat(g.finish()).isEqualTo("length");
        assertThat(g.nativeFinish()).isEqualTo("max_tokens");
        assertThat(g.app()).isEqualTo("My app (https://app.example)");
        assertThat(g.attempts()).containsExactly(new Attempt("Fake", 503, 40L), new Attempt("Other", 200, 210L));
        assertThat(g.droppedParameters()).containsExactly("logit_bias", "seed");
        assertThat(g.error()).isFalse();
    }

    @Test
    void the_attempts_of_a_routed_generation_are_the_failed_and_served_entries_of_its_trace() {
        String trace = """
                {"routing":[{"model":"a/one","provider_name":"Skipped","endpoint_id":"e1","outcome":"skipped","reason":"ignored"},
                  {"model":"a/one","provider_name":"Fake","endpoint_id":"e2","outcome":"failed","reason":"HTTP 503","status":503,"latency":40},
                  {"model":"a/one","provider_name":"Other","endpoint_id":"e3","outcome":"served","status":200,"latency":210},
                  {"model":"a/one","provider_name":"Spare","endpoint_id":"e4","outcome":"not_tried"}]}""";
        assertThat(LogRepository.attempts(trace)).containsExactly(new Attempt("Fake", 503, 40L), new Attempt("Other", 200, 210L));
        assertThat(LogRepository.attempts("{\"routing\": 1}")).isEmpty();
    }

    @Test
    void another_organizations_made_up_and_malformed_ids_are_not_found() {
        assertThat(logs.detail(orgA, seededA.get(3).id())).isPresent();
        assertThat(logs.detail(orgB, seededA.get(3).id())).isEmpty();
        assertThat(logs.detail(orgA, bGeneration)).isEmpty();
        assertThat(logs.detail(orgB, bGeneration)).isPresent();
        assertThat(logs.detail(orgA, "gen-1000000001-detail")).as("right id, wrong second").isEqualTo(Optional.empty());
        assertThat(logs.detail(orgA, "gen-1000000000-nothing")).isEmpty();
        assertThat(logs.detail(orgA, "gen-1000000000-detail' OR '1'='1")).isEmpty();
        assertThat(logs.detail(orgA, "gen-99999999999999-x")).isEmpty();
    }

    @Test
    void keys_are_the_organizations_own_deleted_last() {
        assertThat(logs.keys(orgA).values()).extracting(KeyName::label).containsExactly("alpha", "test key", "Beta (deleted)");
        assertThat(logs.keys(orgA)).doesNotContainKey(bKey);
        assertThat(logs.keys(orgB)).containsKey(bKey).doesNotContainKey(alpha);
    }

    @Test
    void a_rows_page_of_another_organization_with_my_key_is_empty() {
        assertThat(logs.page(orgB, filter("", "", alpha.toString(), "", "", ""), 10, Map.of(), Map.of())).isEmpty();
    }
}
