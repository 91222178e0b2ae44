package dev.switchboard.billing.reports;

import static dev.switchboard.billing.reports.SpendReportResourceTest.row;
import static dev.switchboard.billing.reports.SpendReportResourceTest.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hourly window ({@code start}/{@code end}, read from the generations, for "the last 24 hours") and the key and
 * member filters, on a hand-computed fixture around three hours of one day D (two days ago, UTC):
 *
 * <pre>
 * #  time on D          key    model provider   P   C  R  Ca  cost (nano-USD)
 * 6  09:59:59.999999    Ada's  M1    P1         1   1  0  0  9              (before start=10:00)
 * 1  10:15              Ada's  M1    P1       100  10  0  0  1 000
 * 2  10:45              Bob's  M2    P2       200  20  5  1  2 000 000 001
 * 3  11:00:00           Ada's  M2    P2         1   1  0  0  7              (an hour's first instant)
 * 4  12:59:59.999999    Bob's  M1    P1         3   3  0  0  30
 * 5  13:00:00           Ada's  M1    P1         5   5  0  0  500            (end=13:00 is exclusive)
 * </pre>
 */
@QuarkusTest
class SpendReportWindowTest extends BillingTestBase {

    static final String M1 = "acme/alpha";
    static final String M2 = "acme/beta";
    static final String P1 = "fake";
    static final String P2 = "fake-b";

    record Fixture(Member ada, Member bob, Tenants.Key adaKey, Tenants.Key bobKey, LocalDate d) {
        UUID org() {
            return ada.organizationId();
        }

        Instant at(int hour, int minute) {
            return d.atTime(hour, minute).toInstant(ZoneOffset.UTC);
        }

        String hour(int hour) {
            return at(hour, 0).toString();
        }

        /** start=D 10:00Z, end=D 13:00Z */
        String window() {
            return "start=" + at(10, 0) + "&end=" + at(13, 0);
        }
    }

    Fixture seed() {
        Member ada = fixture.owner("Ada", 0);
        Member bob = fixture.join(ada, "Bob", "member");
        Tenants t = fixture.tenants();
        Tenants.Key adaKey = t.key(ada.organizationId(), ada.userId(), "Ada's key", false);
        Tenants.Key bobKey = t.key(ada.organizationId(), bob.userId(), "Bob's key", false);
        LocalDate d = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        Fixture f = new Fixture(ada, bob, adaKey, bobKey, d);
        UUID org = f.org();
        t.generation(org, adaKey.id(), M1, P1, f.at(10, 0).minusNanos(1000), 1, 1, 0, 0, 9);
        t.generation(org, adaKey.id(), M1, P1, f.at(10, 15), 100, 10, 0, 0, 1_000);
        t.generation(org, bobKey.id(), M2, P2, f.at(10, 45), 200, 20, 5, 1, 2_000_000_001L);
        t.generation(org, adaKey.id(), M2, P2, f.at(11, 0), 1, 1, 0, 0, 7);
        t.generation(org, bobKey.id(), M1, P1, f.at(13, 0).minusNanos(1000), 3, 3, 0, 0, 30);
        t.generation(org, adaKey.id(), M1, P1, f.at(13, 0), 5, 5, 0, 0, 500);
        return f;
    }

    @Test
    void an_hourly_window_reads_the_generations_from_start_inclusive_to_end_exclusive() {
        Fixture f = seed();
        JsonNode byHour = json(f.bob(), f.org(), f.window() + "&group_by=hour");
        assertThat(byHour.path("start").asText()).isEqualTo(f.hour(10));
        assertThat(byHour.path("end").asText()).isEqualTo(f.hour(13));
        assertThat(byHour.path("from").asText()).isEqualTo(f.d().toString());
        assertThat(byHour.path("to").asText()).isEqualTo(f.d().toString());
        assertThat(byHour.path("timezone").asText()).isEqualTo("UTC");
        assertThat(byHour.path("api_key").isNull()).isTrue();
        assertThat(byHour.path("member").isNull()).isTrue();
        List<String> hour = List.of("hour");
        assertThat(ExactJson.rows(byHour.path("rows"))).containsExactly(
                row(hour, List.of(f.hour(10)), 2, 300, 30, 5, 1, "2.000001001"),
                row(hour, List.of(f.hour(11)), 1, 1, 1, 0, 0, "0.000000007"),
                row(hour, List.of(f.hour(12)), 1, 3, 3, 0, 0, "0.00000003"));
        assertThat(ExactJson.texts(byHour.path("totals"))).isEqualTo(usage(4, 304, 34, 5, 1, "2.000001038"));

        assertThat(ExactJson.rows(json(f.ada(), f.org(), f.window() + "&group_by=model").path("rows"))).containsExactly(
                row(List.of("model"), List.of(M2), 2, 201, 21, 5, 1, "2.000000008"),
                row(List.of("model"), List.of(M1), 2, 103, 13, 0, 0, "0.00000103"));

        // hours are a time axis in either position: ascending, never by cost
        assertThat(ExactJson.rows(json(f.ada(), f.org(), f.window() + "&group_by=hour&then_by=model").path("rows")))
                .extracting(r -> r.get("hour") + " " + r.get("model") + " " + r.get("cost"))
                .containsExactly(f.hour(10) + " " + M2 + " 2.000000001", f.hour(10) + " " + M1 + " 0.000001",
                        f.hour(11) + " " + M2 + " 0.000000007", f.hour(12) + " " + M1 + " 0.00000003");
        assertThat(ExactJson.rows(json(f.ada(), f.org(), f.window() + "&group_by=model&then_by=hour").path("rows")))
                .extracting(r -> r.get("model") + " " + r.get("hour"))
                .containsExactly(M2 + " " + f.hour(10), M2 + " " + f.hour(11), M1 + " " + f.hour(10), M1 + " " + f.hour(12));

        // one microsecond earlier takes in generation 6; an offset other than Z names the same instant
        JsonNode earlier = json(f.ada(), f.org(), "start=" + f.at(10, 0).minusNanos(1000) + "&end=" + f.at(13, 0));
        assertThat(ExactJson.texts(earlier.path("totals")).get("cost")).isEqualTo("2.000001047");
        JsonNode offset = json(f.ada(), f.org(), "start=" + f.d() + "T11:00:00%2B01:00&end=" + f.d() + "T14:00:00%2B01:00");
        assertThat(offset.path("start").asText()).isEqualTo(f.hour(10));
        assertThat(ExactJson.texts(offset.path("totals")).get("cost")).isEqualTo("2.000001038");
    }

    @Test
    void a_window_defaults_to_the_24_hours_before_its_end_and_ends_now() {
        Fixture f = seed();
        // end alone: the 24 hours before it (D−1 13:00 to D 13:00): generations 1–4 and 6
        JsonNode endOnly = json(f.ada(), f.org(), "end=" + f.at(13, 0));
        assertThat(endOnly.path("start").asText()).isEqualTo(f.at(13, 0).minus(Duration.ofHours(24)).toString());
        assertThat(endOnly.path("from").asText()).isEqualTo(f.d().minusDays(1).toString());
        assertThat(ExactJson.texts(endOnly.path("totals")).get("cost")).isEqualTo("2.000001047");

        // start alone: up to now, so a generation made a minute ago is in
        Instant recent = Instant.now().minus(1, ChronoUnit.MINUTES);
        fixture.tenants().generation(f.org(), f.adaKey().id(), M1, P1, recent, 1, 1, 0, 0, 123);
        JsonNode startOnly = json(f.ada(), f.org(), "start=" + recent.minus(1, ChronoUnit.HOURS) + "&group_by=hour");
        Instant end = Instant.parse(startOnly.path("end").asText());
        assertThat(end).isBetween(recent, Instant.now());
        assertThat(ExactJson.texts(startOnly.path("totals")).get("cost")).isEqualTo("0.000000123");
        assertThat(ExactJson.rows(startOnly.path("rows"))).extracting(r -> r.get("hour"))
                .containsExactly(recent.truncatedTo(ChronoUnit.HOURS).toString());
    }

    @Test
    void a_key_filter_limits_the_report_to_one_key_of_the_organization_and_echoes_it() {
        Fixture f = seed();
        JsonNode bobs = json(f.ada(), f.org(), f.window() + "&group_by=model&api_key_id=" + f.bobKey().id());
        assertThat(ExactJson.texts(bobs.path("api_key"))).isEqualTo(Map.of(
                "api_key_id", f.bobKey().id().toString(), "api_key_name", "Bob's key",
                "api_key_prefix", dev.switchboard.shared.keys.ApiKeys.label(f.bobKey().secret())));
        assertThat(ExactJson.rows(bobs.path("rows"))).containsExactly(
                row(List.of("model"), List.of(M2), 1, 200, 20, 5, 1, "2.000000001"),
                row(List.of("model"), List.of(M1), 1, 3, 3, 0, 0, "0.00000003"));

        // by days (the rollup) too, and a deleted key keeps its history
        fixture.tenants().exec("UPDATE api_keys SET deleted_at = now() WHERE id = ?", f.bobKey().id());
        JsonNode days = json(f.ada(), f.org(), "from=" + f.d() + "&to=" + f.d() + "&api_key_id=" + f.bobKey().id());
        assertThat(ExactJson.texts(days.path("totals"))).isEqualTo(usage(2, 203, 23, 5, 1, "2.000000031"));

        // another organization's key, or a made-up one: 404, nothing about the report
        Member eve = fixture.owner("Eve", 0);
        for (UUID key : new UUID[] {eve.tenant().keyId(), UUID.randomUUID()}) {
            Response response = fixture.as(f.ada()).get("/organizations/{org}/reports/spend?group_by=model&api_key_id=" + key, f.org());
            response.then().statusCode(404).body("error.message", equalTo("API key not found"));
            assertThat(response.asString()).doesNotContain(M1);
        }
        // and the other way round: Eve naming Ada's key in her own organization
        fixture.as(eve).get("/organizations/{org}/reports/spend?api_key_id=" + f.adaKey().id(), eve.organizationId())
                .then().statusCode(404).body("error.message", equalTo("API key not found"));
    }

    @Test
    void a_member_filter_limits_the_report_to_the_keys_they_created() {
        Fixture f = seed();
        JsonNode adas = json(f.bob(), f.org(), "from=" + f.d() + "&to=" + f.d() + "&group_by=api_key&member_user_id=" + f.ada().userId());
        assertThat(adas.path("member").path("member_user_id").asText()).isEqualTo(f.ada().userId().toString());
        assertThat(adas.path("member").path("member_email").asText()).isEqualTo(f.ada().user().email());
        // generations 1, 3, 5 and 6; the organization's creatorless first key has none
        assertThat(ExactJson.rows(adas.path("rows"))).extracting(r -> r.get("api_key_name") + " " + r.get("cost"))
                .containsExactly("Ada's key 0.000001516");

        // a member who created no key: no rows, not an error
        Member cy = fixture.join(f.ada(), "Cy", "member");
        JsonNode cys = json(f.ada(), f.org(), "member_user_id=" + cy.userId());
        assertThat(cys.path("rows").size()).isZero();
        assertThat(ExactJson.texts(cys.path("totals"))).isEqualTo(usage(0, 0, 0, 0, 0, "0"));

        // someone outside the organization, or nobody: 404
        Member eve = fixture.owner("Eve", 0);
        for (UUID user : new UUID[] {eve.userId(), UUID.randomUUID()}) {
            fixture.as(f.ada()).get("/organizations/{org}/reports/spend?member_user_id=" + user, f.org())
                    .then().statusCode(404).body("error.message", equalTo("Member not found"));
        }
    }

    @Test
    void a_model_filter_limits_the_report_to_one_model_and_echoes_it() {
        Fixture f = seed();
        JsonNode beta = json(f.ada(), f.org(), f.window() + "&group_by=api_key&model=" + M2.replace("/", "%2F"));
        assertThat(beta.path("model").asText()).isEqualTo(M2);
        assertThat(ExactJson.rows(beta.path("rows"))).extracting(r -> r.get("api_key_name") + " " + r.get("cost"))
                .containsExactly("Bob's key 2.000000001", "Ada's key 0.000000007");
        // by days too: every M1 generation of D (6, 1, 4, 5)
        JsonNode alpha = json(f.ada(), f.org(), "from=" + f.d() + "&to=" + f.d() + "&model=" + M1.replace("/", "%2F"));
        assertThat(ExactJson.texts(alpha.path("totals"))).isEqualTo(usage(4, 109, 19, 0, 0, "0.000001539"));
        assertThat(json(f.ada(), f.org(), "model=nobody%2Fnothing").path("rows").size()).isZero();
        assertThat(json(f.ada(), f.org(), "group_by=model").path("model").isNull()).isTrue();
    }

    @Test
    void a_window_answers_csv_with_hours_and_a_file_name_without_colons() {
        Fixture f = seed();
        Response csv = fixture.as(f.ada()).get("/organizations/{org}/reports/spend?" + f.window() + "&group_by=hour&then_by=model&format=csv", f.org());
        csv.then().statusCode(200);
        String day = f.d().toString().replace("-", "");
        assertThat(csv.header("Content-Disposition")).isEqualTo(
                "attachment; filename=\"spend-" + day + "T100000Z-" + day + "T130000Z-by-hour-then-model.csv\"");
        assertThat(CsvText.parse(csv.asString())).containsExactly(
                List.of("hour", "model", "requests", "prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens", "cost"),
                List.of(f.hour(10), M2, "1", "200", "20", "5", "1", "2.000000001"),
                List.of(f.hour(10), M1, "1", "100", "10", "0", "0", "0.000001"),
                List.of(f.hour(11), M2, "1", "1", "1", "0", "0", "0.000000007"),
                List.of(f.hour(12), M1, "1", "3", "3", "0", "0", "0.00000003"));
    }

    @Test
    void bad_windows_and_filters_are_a_400_naming_the_parameter() {
        Fixture f = seed();
        String start = f.at(10, 0).toString();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("start=" + f.d(), "start"); // a day is not an instant
        cases.put("start=" + f.d() + "T10:00:00", "start"); // nor a time without its offset
        cases.put("end=tomorrow", "end");
        cases.put("start=" + start + "&from=" + f.d(), "start");
        cases.put("end=" + start + "&to=" + f.d(), "end");
        cases.put("start=" + start + "&end=" + start, "end");
        cases.put("start=" + start + "&end=" + f.at(9, 0), "end");
        cases.put("start=" + start + "&end=" + f.at(10, 0).plus(Duration.ofHours(48)).plusNanos(1000), "end");
        cases.put("group_by=hour", "group_by");
        cases.put("from=" + f.d() + "&then_by=hour", "then_by");
        cases.put(f.window() + "&group_by=hour&then_by=hour", "then_by");
        cases.put("api_key_id=not-a-key", "api_key_id");
        cases.put("member_user_id=42", "member_user_id");
        cases.put("api_key_id=" + f.adaKey().id() + "&api_key_id=" + f.bobKey().id(), "api_key_id");
        cases.put("model=", "model");
        cases.put("model=" + "m".repeat(257), "model");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            fixture.as(f.ada()).get("/organizations/{org}/reports/spend?" + c.getKey(), f.org()).then()
                    .statusCode(400).body("error.code", equalTo(400)).body("error.metadata.field", equalTo(c.getValue()));
        }
        // 48 hours is the most
        fixture.as(f.ada()).get("/organizations/{org}/reports/spend?start=" + start + "&end=" + f.at(10, 0).plus(Duration.ofHours(48)), f.org())
                .then().statusCode(200);
    }

    private JsonNode json(Member caller, UUID org, String query) {
        Response response = fixture.as(caller).urlEncodingEnabled(false).get("/organizations/" + org + "/reports/spend?" + query);
        response.then().statusCode(200).contentType("application/json");
        return ExactJson.read(response.asString());
    }
}
