package dev.switchboard.billing.reports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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
 * A hand-computed fixture: eight generations (plus one just past the range) across two models, two providers, three
 * keys (Ada's, Bob's, and one without a creator), two members and three UTC days; every grouping and two second
 * groupings are checked to the nano-dollar, in JSON and in CSV read back with an independent RFC 4180 reader.
 */
@QuarkusTest
class SpendReportResourceTest extends BillingTestBase {

    static final String M1 = "acme/alpha";
    /** A model id with a comma and a double quote (generations do not check the catalog's id shape). */
    static final String M2 = "acme/beta, \"quoted\"";
    static final String P1 = "fake";
    static final String P2 = "fake-b";
    /** The creatorless key's name: a line break alone (no comma, no quote) must be quoted too. */
    static final String MULTILINE = "line one\nline two\r\nline three";
    static final List<String> USAGE = List.of("requests", "prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens", "cost");

    record Fixture(Member ada, Member bob, Tenants.Key adaKey, Tenants.Key bobKey, UUID creatorlessKey, String bobKeyName,
                   LocalDate d1, LocalDate d2, LocalDate d3) {
        UUID org() {
            return ada.organizationId();
        }

        String range() {
            return "from=" + d1 + "&to=" + d3;
        }
    }

    /**
     * <pre>
     * #  day            key      member  model provider   P   C  R  Ca  cost (nano-USD)
     * 1  D1 12:00      Ada's    Ada     M1    P1        100  50  0 10  1 500 000
     * 2  D1 12:00      Bob's    Bob     M2    P2        200  20  5  0  2 000 001
     * 8  D1 23:59:59.9 Ada's    Ada     M1    P1          1   1  0  0  1 000
     * 3  D2 12:00      Ada's    Ada     M2    P2        300  30 10  0  3 000 000 000
     * 4  D2 12:00      Bob's    Bob     M1    P2        400  40  0 20  7
     * 5  D3 12:00      Ada's    Ada     M1    P1        500  50  0  0  250 000 000
     * 6  D3 12:00      (none)   null    M1    P1         10   1  0  0  1
     * 7  D3 12:00      Bob's    Bob     M2    P2         20   2  1  1  999 999 999
     * 9  today 00:00   Ada's    Ada     M1    P1          1   1  0  0  5 000 000 000  (after D3: outside from=D1&to=D3)
     * </pre>
     */
    Fixture seed() {
        Member ada = fixture.owner("Ada", 0);
        Member bob = fixture.join(ada, "Bob", "member");
        Tenants t = fixture.tenants();
        t.exec("UPDATE users SET name = 'Ada Lovelace' WHERE id = ?", ada.userId());
        Tenants.Key adaKey = t.key(ada.organizationId(), ada.userId(), "Ada's key", false);
        String bobKeyName = "Bob's, \"best\"\nkey";
        Tenants.Key bobKey = t.key(ada.organizationId(), bob.userId(), bobKeyName, false);
        UUID none = ada.tenant().keyId();
        t.exec("UPDATE api_keys SET name = ? WHERE id = ?", MULTILINE, none);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate d1 = today.minusDays(3);
        LocalDate d2 = today.minusDays(2);
        LocalDate d3 = today.minusDays(1);
        UUID org = ada.organizationId();
        t.generation(org, adaKey.id(), M1, P1, noon(d1), 100, 50, 0, 10, 1_500_000);
        t.generation(org, bobKey.id(), M2, P2, noon(d1), 200, 20, 5, 0, 2_000_001);
        t.generation(org, adaKey.id(), M2, P2, noon(d2), 300, 30, 10, 0, 3_000_000_000L);
        t.generation(org, bobKey.id(), M1, P2, noon(d2), 400, 40, 0, 20, 7);
        t.generation(org, adaKey.id(), M1, P1, noon(d3), 500, 50, 0, 0, 250_000_000);
        t.generation(org, none, M1, P1, noon(d3), 10, 1, 0, 0, 1);
        t.generation(org, bobKey.id(), M2, P2, noon(d3), 20, 2, 1, 1, 999_999_999);
        t.generation(org, adaKey.id(), M1, P1, d2.atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000), 1, 1, 0, 0, 1000);
        t.generation(org, adaKey.id(), M1, P1, today.atStartOfDay(ZoneOffset.UTC).toInstant(), 1, 1, 0, 0, 5_000_000_000L);
        return new Fixture(ada, bob, adaKey, bobKey, none, bobKeyName, d1, d2, d3);
    }

    private static Instant noon(LocalDate day) {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    @Test
    void every_grouping_is_exact_to_the_nano_dollar_in_json() {
        Fixture f = seed();
        Member bob = f.bob(); // any member reads the report, not only the owner

        JsonNode byModel = json(bob, f, "&group_by=model");
        assertThat(byModel.path("organization_id").asText()).isEqualTo(f.org().toString());
        assertThat(byModel.path("from").asText()).isEqualTo(f.d1().toString());
        assertThat(byModel.path("to").asText()).isEqualTo(f.d3().toString());
        assertThat(byModel.path("timezone").asText()).isEqualTo("UTC");
        assertThat(byModel.path("group_by").asText()).isEqualTo("model");
        assertThat(byModel.path("then_by").isNull()).isTrue();
        assertThat(ExactJson.rows(byModel.path("rows"))).containsExactly(
                row(List.of("model"), List.of(M2), 3, 520, 52, 16, 1, "4.002"),
                row(List.of("model"), List.of(M1), 5, 1011, 142, 0, 30, "0.251501008"));
        Map<String, String> totals = ExactJson.texts(byModel.path("totals"));
        assertThat(totals).isEqualTo(usage(8, 1531, 194, 16, 31, "4.253501008"));

        assertThat(ExactJson.rows(json(bob, f, "&group_by=provider").path("rows"))).containsExactly(
                row(List.of("provider"), List.of(P2), 4, 920, 92, 16, 21, "4.002000007"),
                row(List.of("provider"), List.of(P1), 4, 611, 102, 0, 10, "0.251501001"));

        List<String> keyColumns = List.of("api_key_id", "api_key_name", "api_key_prefix");
        JsonNode byKey = json(bob, f, "&group_by=api_key");
        assertThat(ExactJson.rows(byKey.path("rows"))).containsExactly(
                row(keyColumns, List.of(f.adaKey().id().toString(), "Ada's key", label(f.adaKey())), 4, 901, 131, 10, 10, "3.251501"),
                row(keyColumns, List.of(f.bobKey().id().toString(), f.bobKeyName(), label(f.bobKey())), 3, 620, 62, 6, 21, "1.002000007"),
                row(keyColumns, List.of(f.creatorlessKey().toString(), MULTILINE, label(f.ada().tenant().secret())), 1, 10, 1, 0, 0, "0.000000001"));
        assertThat(ExactJson.texts(byKey.path("totals"))).isEqualTo(totals);

        List<String> memberColumns = List.of("member_user_id", "member_email", "member_name");
        assertThat(ExactJson.rows(json(bob, f, "&group_by=member").path("rows"))).containsExactly(
                row(memberColumns, Arrays.asList(f.ada().userId().toString(), f.ada().user().email(), "Ada Lovelace"), 4, 901, 131, 10, 10, "3.251501"),
                row(memberColumns, Arrays.asList(f.bob().userId().toString(), f.bob().user().email(), null), 3, 620, 62, 6, 21, "1.002000007"),
                row(memberColumns, Arrays.asList(null, null, null), 1, 10, 1, 0, 0, "0.000000001"));

        // by day: days ascending, whatever they cost
        assertThat(ExactJson.rows(json(bob, f, "&group_by=day").path("rows"))).containsExactly(
                row(List.of("day"), List.of(f.d1().toString()), 3, 301, 71, 5, 10, "0.003501001"),
                row(List.of("day"), List.of(f.d2().toString()), 2, 700, 70, 10, 20, "3.000000007"),
                row(List.of("day"), List.of(f.d3().toString()), 3, 530, 53, 1, 1, "1.25"));
    }

    @Test
    void a_second_grouping_splits_each_group_for_a_stacked_chart() {
        Fixture f = seed();
        List<String> dayModel = List.of("day", "model");
        JsonNode byDayThenModel = json(f.ada(), f, "&group_by=day&then_by=model");
        assertThat(byDayThenModel.path("then_by").asText()).isEqualTo("model");
        // days ascending; inside a day, cost descending
        assertThat(ExactJson.rows(byDayThenModel.path("rows"))).containsExactly(
                row(dayModel, List.of(f.d1().toString(), M2), 1, 200, 20, 5, 0, "0.002000001"),
                row(dayModel, List.of(f.d1().toString(), M1), 2, 101, 51, 0, 10, "0.001501"),
                row(dayModel, List.of(f.d2().toString(), M2), 1, 300, 30, 10, 0, "3"),
                row(dayModel, List.of(f.d2().toString(), M1), 1, 400, 40, 0, 20, "0.000000007"),
                row(dayModel, List.of(f.d3().toString(), M2), 1, 20, 2, 1, 1, "0.999999999"),
                row(dayModel, List.of(f.d3().toString(), M1), 2, 510, 51, 0, 0, "0.250000001"));
        assertThat(ExactJson.texts(byDayThenModel.path("totals"))).isEqualTo(usage(8, 1531, 194, 16, 31, "4.253501008"));

        // the other way round: the dearer model's rows first, each model's days ascending
        List<String> modelDay = List.of("model", "day");
        assertThat(ExactJson.rows(json(f.ada(), f, "&group_by=model&then_by=day").path("rows"))).containsExactly(
                row(modelDay, List.of(M2, f.d1().toString()), 1, 200, 20, 5, 0, "0.002000001"),
                row(modelDay, List.of(M2, f.d2().toString()), 1, 300, 30, 10, 0, "3"),
                row(modelDay, List.of(M2, f.d3().toString()), 1, 20, 2, 1, 1, "0.999999999"),
                row(modelDay, List.of(M1, f.d1().toString()), 2, 101, 51, 0, 10, "0.001501"),
                row(modelDay, List.of(M1, f.d2().toString()), 1, 400, 40, 0, 20, "0.000000007"),
                row(modelDay, List.of(M1, f.d3().toString()), 2, 510, 51, 0, 0, "0.250000001"));

        // member × model: Ada's M2 (3) before her M1 (0.251501); Bob's M2 (0.999999999 + 0.002000001) before his M1
        assertThat(ExactJson.rows(json(f.ada(), f, "&group_by=member&then_by=model").path("rows")))
                .extracting(r -> r.get("member_email") + " " + r.get("model") + " " + r.get("cost"))
                .containsExactly(
                        f.ada().user().email() + " " + M2 + " 3",
                        f.ada().user().email() + " " + M1 + " 0.251501",
                        f.bob().user().email() + " " + M2 + " 1.002",
                        f.bob().user().email() + " " + M1 + " 0.000000007",
                        "null " + M1 + " 0.000000001");
    }

    @Test
    void csv_has_the_same_rows_and_names_with_commas_quotes_and_newlines_round_trip() {
        Fixture f = seed();
        Response byModel = fixture.as(f.bob()).accept("text/csv").get("/organizations/{org}/reports/spend?" + f.range() + "&group_by=model", f.org());
        byModel.then().statusCode(200);
        assertThat(byModel.contentType()).startsWith("text/csv");
        assertThat(byModel.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"spend-" + f.d1() + "-" + f.d3() + "-by-model.csv\"");
        assertThat(CsvText.parse(byModel.asString())).containsExactly(
                List.of("model", "requests", "prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens", "cost"),
                List.of(M2, "3", "520", "52", "16", "1", "4.002"),
                List.of(M1, "5", "1011", "142", "0", "30", "0.251501008"));

        // ?format=csv does the same whatever Accept says; a key name with a comma, a quote and a newline survives
        Response byKey = fixture.as(f.bob()).get("/organizations/{org}/reports/spend?" + f.range() + "&group_by=api_key&format=csv", f.org());
        byKey.then().statusCode(200);
        assertThat(CsvText.parse(byKey.asString())).containsExactly(
                List.of("api_key_id", "api_key_name", "api_key_prefix", "requests", "prompt_tokens", "completion_tokens",
                        "reasoning_tokens", "cached_tokens", "cost"),
                List.of(f.adaKey().id().toString(), "Ada's key", label(f.adaKey()), "4", "901", "131", "10", "10", "3.251501"),
                List.of(f.bobKey().id().toString(), f.bobKeyName(), label(f.bobKey()), "3", "620", "62", "6", "21", "1.002000007"),
                List.of(f.creatorlessKey().toString(), MULTILINE, label(f.ada().tenant().secret()), "1", "10", "1", "0", "0", "0.000000001"));

        // a null group (keys without a creator) is an empty field
        Response byMember = fixture.as(f.ada()).get("/organizations/{org}/reports/spend?" + f.range() + "&group_by=member&then_by=day&format=csv", f.org());
        assertThat(byMember.header("Content-Disposition")).contains("-by-member-then-day.csv");
        List<List<String>> memberRows = CsvText.parse(byMember.asString());
        assertThat(memberRows.getFirst()).containsExactly("member_user_id", "member_email", "member_name", "day", "requests",
                "prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens", "cost");
        assertThat(memberRows.getLast()).containsExactly("", "", "", f.d3().toString(), "1", "10", "1", "0", "0", "0.000000001");
        assertThat(memberRows).hasSize(1 + 3 + 3 + 1); // Ada on D1..D3, Bob on D1..D3, the creatorless key on D3
    }

    @Test
    void without_dates_the_report_covers_the_last_30_utc_days_through_today() {
        Fixture f = seed();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode report = ExactJson.read(fixture.as(f.ada()).get("/organizations/{org}/reports/spend", f.org()).then()
                .statusCode(200).extract().asString());
        assertThat(report.path("from").asText()).isEqualTo(today.minusDays(29).toString());
        assertThat(report.path("to").asText()).isEqualTo(today.toString());
        assertThat(report.path("group_by").asText()).isEqualTo("model");
        // today's generation is in: 4.253501008 + 5
        assertThat(ExactJson.texts(report.path("totals")).get("cost")).isEqualTo("9.253501008");
        // to is inclusive: a one-day range
        JsonNode oneDay = json(f.ada(), "from=" + f.d2() + "&to=" + f.d2() + "&group_by=day", f.org());
        assertThat(ExactJson.rows(oneDay.path("rows"))).extracting(r -> r.get("day")).containsExactly(f.d2().toString());
        // an empty range answers empty rows and zero totals
        JsonNode empty = json(f.ada(), "from=2001-01-01&to=2001-01-31", f.org());
        assertThat(empty.path("rows").size()).isZero();
        assertThat(ExactJson.texts(empty.path("totals"))).isEqualTo(usage(0, 0, 0, 0, 0, "0"));
    }

    @Test
    void someone_elses_organization_an_unknown_and_a_malformed_id_are_the_same_404_whatever_the_parameters() {
        Fixture f = seed();
        Member eve = fixture.owner("Eve", 0);
        for (Object org : new Object[] {f.org(), UUID.randomUUID(), "not-a-uuid"}) {
            for (String query : new String[] {"", "?group_by=nonsense", "?format=csv", "?from=yesterday"}) {
                Response response = fixture.as(eve).accept("text/csv").get("/organizations/{org}/reports/spend" + query, org);
                response.then().statusCode(404).contentType("application/json")
                        .body("error.code", equalTo(404)).body("error.message", equalTo("Organization not found"));
                assertThat(response.asString()).doesNotContain(M1).doesNotContain("Ada");
            }
        }
        given().get("/organizations/{org}/reports/spend", f.org()).then().statusCode(401);
    }

    @Test
    void bad_parameters_are_a_400_naming_the_parameter() {
        Fixture f = seed();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("from=2025-13-01", "from");
        cases.put("from=2025-02-30", "from");
        cases.put("to=20250101", "to");
        cases.put("to=2025-01-01T00:00:00Z", "to");
        cases.put("from=2025-01-10&to=2025-01-09", "to");
        cases.put("from=2024-01-01&to=2025-01-01", "to"); // 367 days
        cases.put("group_by=week", "group_by");
        cases.put("group_by=", "group_by"); // empty is not "absent": nothing names a grouping
        cases.put("group_by=model&then_by=model", "then_by");
        cases.put("then_by=colour", "then_by");
        cases.put("format=xml", "format");
        cases.put("group-by=day", "group-by");
        cases.put("group_by=day&group_by=model", "group_by");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            fixture.as(f.ada()).get("/organizations/{org}/reports/spend?" + c.getKey(), f.org()).then()
                    .statusCode(400).body("error.code", equalTo(400)).body("error.metadata.field", equalTo(c.getValue()));
        }
        // 366 days is the most
        fixture.as(f.ada()).get("/organizations/{org}/reports/spend?from=2024-01-01&to=2024-12-31", f.org()).then().statusCode(200);
    }

    private JsonNode json(Member caller, Fixture f, String grouping) {
        return json(caller, f.range() + grouping, f.org());
    }

    private JsonNode json(Member caller, String query, UUID org) {
        Response response = fixture.as(caller).get("/organizations/{org}/reports/spend?" + query, org);
        response.then().statusCode(200).contentType("application/json");
        return ExactJson.read(response.asString());
    }

    private static String label(Tenants.Key key) {
        return label(key.secret());
    }

    private static String label(String secret) {
        return dev.switchboard.shared.keys.ApiKeys.label(secret);
    }

    static Map<String, String> row(List<String> columns, List<String> values, long requests, long prompt, long completion,
                                   long reasoning, long cached, String cost) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), values.get(i));
        }
        row.putAll(usage(requests, prompt, completion, reasoning, cached, cost));
        return row;
    }

    static Map<String, String> usage(long requests, long prompt, long completion, long reasoning, long cached, String cost) {
        Map<String, String> usage = new LinkedHashMap<>();
        List<String> values = new ArrayList<>(List.of(String.valueOf(requests), String.valueOf(prompt), String.valueOf(completion),
                String.valueOf(reasoning), String.valueOf(cached), cost));
        for (int i = 0; i < USAGE.size(); i++) {
            usage.put(USAGE.get(i), values.get(i));
        }
        return usage;
    }
}
