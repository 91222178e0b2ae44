package dev.switchboard.billing.reports.compare;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.billing.reports.CsvText;
import dev.switchboard.billing.reports.ExactJson;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A hand-computed comparison: an organization's usage of a chat model, a model the catalog no longer knows and an
 * embedding model, re-priced on two chat targets and an embedding target whose endpoints were chosen so that the
 * cheapest-for-this-usage endpoint is not the one with the lowest list price, and a price lands on exactly half a
 * nano-dollar (rounded up). Every figure below is computed by hand from the prices and tokens in {@link #seed()}.
 */
@QuarkusTest
class CompareReportResourceTest extends BillingTestBase {

    static final String ONE = "cmp-one";
    static final String TWO = "cmp-two";
    static final String OFF = "cmp-off";
    /** Sources: a chat model in the catalog, a model the catalog does not know, an embedding model. */
    static final String S1 = "compare/source-chat";
    static final String S2 = "compare/gone";
    static final String S3 = "compare/embed";
    /** Targets: two chat models and an embedding model; REMOVED has only a removed endpoint. */
    static final String T1 = "compare/cheap";
    static final String T2 = "compare/pricey";
    static final String T3 = "compare/embed-target";
    static final String REMOVED = "compare/removed";
    static final String ORPHANED = "compare/orphaned";

    record Fixture(Member ada, Member bob, LocalDate d1, LocalDate d3) {
        UUID org() {
            return ada.organizationId();
        }

        String range() {
            return "from=" + d1 + "&to=" + d3;
        }
    }

    /**
     * Catalog (pico-USD per token; per request for "req"):
     * <pre>
     * model    kind       provider  prompt      completion  cache read  req          state
     * S1       chat       one       3 000 000   15 000 000  300 000     0            serving
     * S3       embedding  one          20 000            0  -           0            serving
     * T1       chat       one         150 000      600 000   75 000     0            serving
     * T1       chat       two         100 000      640 000  -           20 000 000   serving (lower list price, dearer here)
     * T2       chat       two      10 000 000   30 000 500  -           0            serving
     * T2       chat       off               1            1  -           0            provider disabled: ignored
     * T2       chat       one               0            0  -           0            status -10 (removed): ignored
     * T3       embedding  two          13 000            0  -           0            serving
     * REMOVED  chat       one               1            1  -           0            status -10 only: not a target
     * ORPHANED chat       off               1            1  -           0            provider disabled only: not a target
     * </pre>
     * Usage of Ada's organization (Bob is a member) on D1..D3, and outside it:
     * <pre>
     * model  day    P       C    R   Ca   paid (nano-USD)
     * S1     D1     1 000   200  50  400  4 920 000   (= its price: 600×3e6 + 400×3e5 + 200×15e6 pico)
     * S1     D3       333    77   0    0  2 154 000
     * S2     D2       500   100   0    0  1 000 001
     * S3     D2    12 345     0   0    0    246 900
     * S1     today  9 999 999 …             9 000 000 000  (after D3: outside the range)
     * S1     D2 in Eve's organization       5 000 000 000  (never seen)
     * </pre>
     */
    Fixture seed() {
        Tenants t = fixture.tenants();
        t.exec("INSERT INTO providers (id, name, api, base_url) VALUES (?, 'Compare One', 'openai', 'http://127.0.0.1:1') ON CONFLICT DO NOTHING", ONE);
        t.exec("INSERT INTO providers (id, name, api, base_url) VALUES (?, 'Compare Two', 'openai', 'http://127.0.0.1:1') ON CONFLICT DO NOTHING", TWO);
        t.exec("INSERT INTO providers (id, name, api, base_url, enabled) VALUES (?, 'Compare Off', 'openai', 'http://127.0.0.1:1', false) ON CONFLICT DO NOTHING", OFF);
        model(S1, "Source Chat", "chat");
        model(S3, "Source Embed", "embedding");
        model(T1, "Cheap", "chat");
        model(T2, "Pricey", "chat");
        model(T3, "Embed Target", "embedding");
        model(REMOVED, "Removed", "chat");
        model(ORPHANED, "Orphaned", "chat");
        endpoint(S1, ONE, 3_000_000, 15_000_000, 300_000L, 0, 0);
        endpoint(S3, ONE, 20_000, 0, null, 0, 0);
        endpoint(T1, ONE, 150_000, 600_000, 75_000L, 0, 0);
        endpoint(T1, TWO, 100_000, 640_000, null, 20_000_000, 0);
        endpoint(T2, TWO, 10_000_000, 30_000_500, null, 0, 0);
        endpoint(T2, OFF, 1, 1, null, 0, 0);
        endpoint(T2, ONE, 0, 0, null, 0, -10);
        endpoint(T3, TWO, 13_000, 0, null, 0, 0);
        endpoint(REMOVED, ONE, 1, 1, null, 0, -10);
        endpoint(ORPHANED, OFF, 1, 1, null, 0, 0);

        Member ada = fixture.owner("Ada", 0);
        Member bob = fixture.join(ada, "Bob", "member");
        UUID org = ada.organizationId();
        UUID key = ada.tenant().keyId();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate d1 = today.minusDays(3);
        LocalDate d2 = today.minusDays(2);
        LocalDate d3 = today.minusDays(1);
        t.generation(org, key, S1, ONE, noon(d1), 1_000, 200, 50, 400, 4_920_000);
        t.generation(org, key, S1, ONE, noon(d3), 333, 77, 0, 0, 2_154_000);
        t.generation(org, key, S2, TWO, noon(d2), 500, 100, 0, 0, 1_000_001);
        t.generation(org, key, S3, ONE, noon(d2), 12_345, 0, 0, 0, 246_900);
        t.generation(org, key, S1, ONE, today.atStartOfDay(ZoneOffset.UTC).toInstant(), 9_999_999, 9_999, 0, 0, 9_000_000_000L);
        Member eve = fixture.owner("Eve", 0);
        t.generation(eve.organizationId(), eve.tenant().keyId(), S1, ONE, noon(d2), 1, 1, 0, 0, 5_000_000_000L);
        return new Fixture(ada, bob, d1, d3);
    }

    private void model(String id, String name, String kind) {
        fixture.tenants().exec("INSERT INTO models (id, name, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, name, kind);
    }

    private void endpoint(String model, String provider, long prompt, long completion, Long cacheRead, long request, int status) {
        fixture.tenants().exec("""
                INSERT INTO model_endpoints (id, model_id, provider_id, upstream_model, prompt_price_pico, completion_price_pico,
                    cache_read_price_pico, request_price_pico, context_length, status)
                VALUES (?, ?, ?, 'upstream', ?, ?, ?, ?, 1000, ?) ON CONFLICT DO NOTHING""",
                UUID.randomUUID(), model, provider, prompt, completion, cacheRead, request, status);
    }

    private static Instant noon(LocalDate day) {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    @Test
    void usage_is_re_priced_exactly_on_each_target_at_its_cheapest_endpoint_for_this_usage() {
        Fixture f = seed();
        JsonNode report = json(f.bob(), f.range() + "&target=" + T1 + "&target=" + T2 + "&target=" + T3, f.org());
        assertThat(report.path("organization_id").asText()).isEqualTo(f.org().toString());
        assertThat(report.path("from").asText()).isEqualTo(f.d1().toString());
        assertThat(report.path("to").asText()).isEqualTo(f.d3().toString());
        assertThat(report.path("timezone").asText()).isEqualTo("UTC");
        assertThat(report.path("token_counts").asText()).isEqualTo("source");
        assertThat(report.path("note").asText()).contains("source model's own");
        assertThat(report.path("default_targets").asBoolean()).isFalse();

        // T1: on "one" the usage costs 336 150 000 pico, on "two" 350 580 000 (its lower list price loses here);
        // T2: the disabled provider's and the removed endpoint's prices are not today's prices
        assertThat(ExactJson.rows(report.path("targets"))).containsExactly(
                target(T1, "Cheap", "chat", ONE, "0.15", "0.6", "0.075", "0"),
                target(T2, "Pricey", "chat", TWO, "10", "30.0005", null, "0"),
                target(T3, "Embed Target", "embedding", TWO, "0.013", "0", null, "0"));

        JsonNode rows = report.path("rows");
        assertThat(rows).hasSize(3);
        // S1, 2 requests, P 1 333 (400 cached), C 277:
        //   T1@one: 933×150 000 + 400×75 000 + 277×600 000 = 336 150 000 pico = 0.00033615
        //   T2@two: 1 333×10 000 000 + 277×30 000 500 = 21 640 138 500 pico → half up → 21 640 139 nano
        assertThat(source(rows.get(0))).isEqualTo(source(S1, "chat", 2, 1_333, 277, 50, 400, "0.007074"));
        assertThat(ExactJson.rows(rows.get(0).path("targets"))).containsExactly(
                cell(T1, "0.00033615", "-0.00673785", "-95.25"),
                cell(T2, "0.021640139", "0.014566139", "205.91"),
                cell(T3, null, null, null));
        // S2: the catalog does not know it, so it is of no kind and re-priced on nothing
        assertThat(source(rows.get(1))).isEqualTo(source(S2, null, 1, 500, 100, 0, 0, "0.001000001"));
        assertThat(ExactJson.rows(rows.get(1).path("targets"))).containsExactly(
                cell(T1, null, null, null), cell(T2, null, null, null), cell(T3, null, null, null));
        // S3: embeddings only on the embedding target: 12 345 × 13 000 = 160 485 000 pico
        assertThat(source(rows.get(2))).isEqualTo(source(S3, "embedding", 1, 12_345, 0, 0, 0, "0.0002469"));
        assertThat(ExactJson.rows(rows.get(2).path("targets"))).containsExactly(
                cell(T1, null, null, null), cell(T2, null, null, null),
                cell(T3, "0.000160485", "-0.000086415", "-35"));

        JsonNode totals = report.path("totals");
        assertThat(source(totals)).isEqualTo(totals(4, 14_178, 377, 50, 400, "0.008320901"));
        // each target's total is over the rows of its kind: what they paid, what they would cost
        assertThat(ExactJson.rows(totals.path("targets"))).containsExactly(
                total(T1, "0.007074", "0.00033615", "-0.00673785", "-95.25"),
                total(T2, "0.007074", "0.021640139", "0.014566139", "205.91"),
                total(T3, "0.0002469", "0.000160485", "-0.000086415", "-35"));
    }

    @Test
    void csv_is_the_json_flattened_a_line_per_source_model_and_target() {
        Fixture f = seed();
        String query = f.range() + "&target=" + T2 + "&target=" + T3;
        JsonNode report = json(f.ada(), query, f.org());
        Response csv = fixture.as(f.ada()).accept("text/csv").get("/organizations/{org}/reports/compare?" + query, f.org());
        csv.then().statusCode(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"compare-" + f.d1() + "-" + f.d3() + ".csv\"");

        List<List<String>> expected = new ArrayList<>();
        expected.add(List.of("model", "kind", "requests", "prompt_tokens", "completion_tokens", "reasoning_tokens",
                "cached_tokens", "paid", "target", "target_provider", "cost", "difference", "difference_percent"));
        for (JsonNode row : report.path("rows")) {
            for (int i = 0; i < report.path("targets").size(); i++) {
                JsonNode cell = row.path("targets").get(i);
                List<String> line = new ArrayList<>(source(row).values().stream().map(v -> v == null ? "" : v).toList());
                line.add(cell.path("model").asText());
                line.add(report.path("targets").get(i).path("provider").asText());
                for (String field : List.of("cost", "difference", "difference_percent")) {
                    String value = ExactJson.text(cell.path(field));
                    line.add(value == null ? "" : value);
                }
                expected.add(line);
            }
        }
        assertThat(CsvText.parse(csv.asString())).isEqualTo(expected);
        // and by hand, so that a JSON mistake cannot hide in both
        assertThat(CsvText.parse(csv.asString())).hasSize(1 + 3 * 2).contains(
                List.of(S1, "chat", "2", "1333", "277", "50", "400", "0.007074", T2, TWO, "0.021640139", "0.014566139", "205.91"),
                List.of(S2, "", "1", "500", "100", "0", "0", "0.001000001", T3, TWO, "", "", ""),
                List.of(S3, "embedding", "1", "12345", "0", "0", "0", "0.0002469", T3, TWO, "0.000160485", "-0.000086415", "-35"));
        // ?format=csv whatever Accept says
        Response forced = fixture.as(f.ada()).accept("application/json").get("/organizations/{org}/reports/compare?" + query + "&format=csv", f.org());
        assertThat(forced.asString()).isEqualTo(csv.asString());
    }

    @Test
    void without_targets_the_default_set_is_the_cheapest_models_of_each_kind_used_and_the_own_most_used() {
        Fixture f = seed();
        JsonNode report = json(f.ada(), f.range(), f.org());
        assertThat(report.path("default_targets").asBoolean()).isTrue();
        List<String> models = new ArrayList<>();
        List<BigDecimal> costs = new ArrayList<>();
        for (int i = 0; i < report.path("targets").size(); i++) {
            JsonNode target = report.path("targets").get(i);
            models.add(target.path("model").asText());
            assertThat(target.path("kind").asText()).isIn("chat", "embedding");
            costs.add(report.path("totals").path("targets").get(i).path("cost").decimalValue());
        }
        // the only embedding models in the catalog are S3 and T3: both are among the 5 cheapest embeddings;
        // S1 is the organization's own most paid-for model; the catalog does not serve S2, REMOVED or ORPHANED
        assertThat(models).contains(S1, S3, T3).doesNotContain(S2, REMOVED, ORPHANED);
        assertThat(models.stream().filter(m -> !m.equals(S1) && !m.equals(S3) && !m.equals(T3))).hasSizeLessThanOrEqualTo(5);
        assertThat(models).doesNotHaveDuplicates();
        // ordered by what this usage would cost on them
        assertThat(costs).isSortedAccordingTo(BigDecimal::compareTo);
        // S1 at today's price of its own endpoint: 933×3e6 + 400×3e5 + 277×15e6 pico = exactly what was paid
        int s1 = models.indexOf(S1);
        assertThat(ExactJson.texts(report.path("totals").path("targets").get(s1)))
                .isEqualTo(total(S1, "0.007074", "0.007074", "0", "0"));

        // an empty range: no rows, no default targets, zero totals
        JsonNode empty = json(f.ada(), "from=2001-01-01&to=2001-01-31", f.org());
        assertThat(empty.path("rows").size()).isZero();
        assertThat(empty.path("targets").size()).isZero();
        assertThat(source(empty.path("totals"))).isEqualTo(totals(0, 0, 0, 0, 0, "0"));
        // with a target but no usage: the target is listed, its total compares nothing
        JsonNode emptyWithTarget = json(f.ada(), "from=2001-01-01&to=2001-01-31&target=" + T1, f.org());
        assertThat(emptyWithTarget.path("targets").get(0).path("provider").asText()).isEqualTo(TWO); // a tie at 0: the lower list price
        assertThat(ExactJson.rows(emptyWithTarget.path("totals").path("targets"))).containsExactly(total(T1, null, null, null, null));
        assertThat(CsvText.parse(fixture.as(f.ada()).get("/organizations/{org}/reports/compare?from=2001-01-01&to=2001-01-31&format=csv",
                f.org()).asString())).hasSize(1);
    }

    @Test
    void without_dates_the_last_30_utc_days_through_today() {
        Fixture f = seed();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode report = json(f.ada(), "target=" + T1, f.org());
        assertThat(report.path("from").asText()).isEqualTo(today.minusDays(29).toString());
        assertThat(report.path("to").asText()).isEqualTo(today.toString());
        // today's S1 generation is in: 0.008320901 + 9
        assertThat(ExactJson.text(report.path("totals").path("paid"))).isEqualTo("9.008320901");
    }

    @Test
    void someone_elses_organization_an_unknown_and_a_malformed_id_are_the_same_404_whatever_the_parameters() {
        Fixture f = seed();
        Member eve = fixture.owner("Eve", 0);
        for (Object org : new Object[] {f.org(), UUID.randomUUID(), "not-a-uuid"}) {
            for (String query : new String[] {"", "?target=" + T1, "?target=nobody/nothing", "?format=csv", "?from=yesterday"}) {
                Response response = fixture.as(eve).accept("text/csv").get("/organizations/{org}/reports/compare" + query, org);
                response.then().statusCode(404).contentType("application/json")
                        .body("error.code", equalTo(404)).body("error.message", equalTo("Organization not found"));
                assertThat(response.asString()).doesNotContain(S1).doesNotContain("0.007074");
            }
        }
        given().get("/organizations/{org}/reports/compare", f.org()).then().statusCode(401);
    }

    @Test
    void bad_parameters_are_a_400_naming_the_parameter() {
        Fixture f = seed();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("target=nobody/nothing", "target");
        cases.put("target=" + REMOVED, "target");
        cases.put("target=" + ORPHANED, "target");
        cases.put("target=" + S2, "target"); // used, but not in the catalog
        cases.put("target=", "target");
        cases.put("target=" + T1 + "&target=" + T1, "target");
        cases.put("target=" + T1 + "&target=nobody/nothing", "target");
        StringBuilder eleven = new StringBuilder("target=" + T1);
        for (int i = 0; i < 10; i++) {
            eleven.append("&target=m/").append(i);
        }
        cases.put(eleven.toString(), "target");
        cases.put("targets=" + T1, "targets");
        cases.put("from=2025-02-30", "from");
        cases.put("to=20250101", "to");
        cases.put("from=2025-01-10&to=2025-01-09", "to");
        cases.put("from=2024-01-01&to=2025-01-01", "to");
        cases.put("from=2025-01-01&from=2025-01-02", "from");
        cases.put("format=xml", "format");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            fixture.as(f.ada()).get("/organizations/{org}/reports/compare?" + c.getKey(), f.org()).then()
                    .statusCode(400).body("error.code", equalTo(400)).body("error.metadata.field", equalTo(c.getValue()))
                    .body("error.message", startsWith(c.getValue() + ": "));
        }
        fixture.as(f.ada()).get("/organizations/{org}/reports/compare?target=nobody/nothing", f.org()).then()
                .body("error.message", equalTo("target: unknown model nobody/nothing: not a model the catalog serves now "
                        + "(see GET /api/v1/models on the gateway)"));
    }

    private JsonNode json(Member caller, String query, UUID org) {
        Response response = fixture.as(caller).get("/organizations/{org}/reports/compare?" + query, org);
        response.then().statusCode(200).contentType("application/json");
        return ExactJson.read(response.asString());
    }

    /** A row's or the totals' usage columns (model and kind first for a row), as texts. */
    private static Map<String, String> source(JsonNode row) {
        Map<String, String> texts = ExactJson.texts(row);
        texts.remove("targets");
        return texts;
    }

    private static Map<String, String> source(String model, String kind, long requests, long prompt, long completion,
                                              long reasoning, long cached, String paid) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("model", model);
        row.put("kind", kind);
        row.putAll(totals(requests, prompt, completion, reasoning, cached, paid));
        return row;
    }

    private static Map<String, String> totals(long requests, long prompt, long completion, long reasoning, long cached, String paid) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("requests", String.valueOf(requests));
        row.put("prompt_tokens", String.valueOf(prompt));
        row.put("completion_tokens", String.valueOf(completion));
        row.put("reasoning_tokens", String.valueOf(reasoning));
        row.put("cached_tokens", String.valueOf(cached));
        row.put("paid", paid);
        return row;
    }

    private static Map<String, String> target(String model, String name, String kind, String provider, String prompt,
                                              String completion, String cacheRead, String perRequest) {
        return map(List.of("model", "name", "kind", "provider", "prompt_per_million", "completion_per_million",
                "cache_read_per_million", "per_request"), Arrays.asList(model, name, kind, provider, prompt, completion, cacheRead, perRequest));
    }

    private static Map<String, String> cell(String model, String cost, String difference, String percent) {
        return map(List.of("model", "cost", "difference", "difference_percent"), Arrays.asList(model, cost, difference, percent));
    }

    private static Map<String, String> total(String model, String paid, String cost, String difference, String percent) {
        return map(List.of("model", "paid", "cost", "difference", "difference_percent"),
                Arrays.asList(model, paid, cost, difference, percent));
    }

    private static Map<String, String> map(List<String> keys, List<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), values.get(i));
        }
        return map;
    }
}
