package dev.switchboard.billing.activity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.billing.reports.ExactJson;
import dev.switchboard.shared.keys.ApiKeys;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OpenRouter's activity API with a management key: exact rows (every field the SDK requires), the filters it
 * honours, the keys it refuses (401/403 with the key API's texts) and the parameters it refuses (400 naming them).
 */
@QuarkusTest
class ActivityResourceTest extends BillingTestBase {

    static final String M1 = "activity/alpha";
    static final String M2 = "activity/beta";
    static final String P1 = "activity-one";
    static final String P2 = "activity-two";

    record World(Member ada, Member bob, Tenants.Key management, Tenants.Key adaKey, Tenants.Key bobKey, String endpoint1,
                 LocalDate today, LocalDate d1, LocalDate d2) {
        UUID org() {
            return ada.organizationId();
        }
    }

    /**
     * <pre>
     * a  D1        Ada's key  M1 via P1 (in the catalog)      P 100 C 10 R 1  cost 1 000 000 000
     * b  D1        Bob's key  M2 via P2 (not in the catalog)  P  50 C  5 R 0  cost   250 000 000
     * c  D1        Bob's key  M1 via P1                       P  10 C  1 R 0  cost             1
     * d  D2        Ada's key  M2 via P2                       P   7 C  7 R 7  cost             3
     * e  today−30  Ada's key  M1 via P1                       P   1 C  1 R 0  cost             5   (the oldest default day)
     * f  today−31  Ada's key  M1 via P1                       cost 11   (outside the default 30 completed days)
     * g  today     Ada's key  M1 via P1                       cost 13   (not completed: only with date=today)
     * and the same day D1 in another organization, never seen.
     * </pre>
     */
    World seed() {
        Member ada = fixture.owner("Ada", 0);
        Member bob = fixture.join(ada, "Bob", "member");
        Tenants t = fixture.tenants();
        UUID org = ada.organizationId();
        Tenants.Key management = t.key(org, ada.userId(), "management", true);
        Tenants.Key adaKey = t.key(org, ada.userId(), "Ada's key", false);
        Tenants.Key bobKey = t.key(org, bob.userId(), "Bob's key", false);
        t.exec("INSERT INTO providers (id, name, api, base_url) VALUES (?, 'Activity One', 'openai', 'http://127.0.0.1:1') ON CONFLICT DO NOTHING", P1);
        t.exec("INSERT INTO models (id, name) VALUES (?, 'Alpha') ON CONFLICT DO NOTHING", M1);
        t.exec("""
                INSERT INTO model_endpoints (id, model_id, provider_id, upstream_model, prompt_price_pico, completion_price_pico, context_length)
                VALUES (?, ?, ?, 'alpha', 1, 1, 1000) ON CONFLICT DO NOTHING""", UUID.randomUUID(), M1, P1);
        String endpoint1 = t.text("SELECT id::text FROM model_endpoints WHERE model_id = ? AND provider_id = ?", M1, P1);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate d1 = today.minusDays(3);
        LocalDate d2 = today.minusDays(2);
        t.scalar("SELECT ensure_generation_partitions(?, 0)", today.minusDays(40));
        t.generation(org, adaKey.id(), M1, P1, noon(d1), 100, 10, 1, 0, 1_000_000_000L);
        t.generation(org, bobKey.id(), M2, P2, noon(d1), 50, 5, 0, 0, 250_000_000L);
        t.generation(org, bobKey.id(), M1, P1, noon(d1), 10, 1, 0, 0, 1);
        t.generation(org, adaKey.id(), M2, P2, noon(d2), 7, 7, 7, 0, 3);
        t.generation(org, adaKey.id(), M1, P1, today.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant(), 1, 1, 0, 0, 5);
        t.generation(org, adaKey.id(), M1, P1, today.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1), 1, 1, 0, 0, 11);
        t.generation(org, adaKey.id(), M1, P1, today.atStartOfDay(ZoneOffset.UTC).toInstant(), 1, 1, 0, 0, 13);
        Member eve = fixture.owner("Eve", 0);
        t.generation(eve.organizationId(), eve.tenant().keyId(), M1, P1, noon(d1), 1, 1, 0, 0, 17);
        return new World(ada, bob, management, adaKey, bobKey, endpoint1, today, d1, d2);
    }

    private static Instant noon(LocalDate day) {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private static Map<String, String> row(LocalDate date, String model, String endpoint, String provider, String usage,
                                           long requests, long prompt, long completion, long reasoning) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("date", date.toString());
        row.put("model", model);
        row.put("model_permaslug", model);
        row.put("endpoint_id", endpoint);
        row.put("provider_name", provider);
        row.put("usage", usage);
        row.put("byok_usage_inference", "0");
        row.put("requests", String.valueOf(requests));
        row.put("prompt_tokens", String.valueOf(prompt));
        row.put("completion_tokens", String.valueOf(completion));
        row.put("reasoning_tokens", String.valueOf(reasoning));
        return row;
    }

    private Response get(String secret, String query) {
        return given().header("Authorization", "Bearer " + secret).get("/api/v1/activity" + query);
    }

    private List<Map<String, String>> rows(String secret, String query) {
        Response response = get(secret, query);
        response.then().statusCode(200).contentType("application/json");
        assertThat(ExactJson.read(response.asString()).fieldNames()).toIterable().containsExactly("data");
        return ExactJson.rows(ExactJson.read(response.asString()).path("data"));
    }

    @Test
    void a_management_key_reads_the_last_30_completed_utc_days_by_day_model_and_endpoint() {
        World w = seed();
        String fallback = P2 + ":" + M2; // M2 via P2 is not in the catalog: no endpoint id, no provider name
        assertThat(rows(w.management().secret(), "")).containsExactly(
                row(w.today().minusDays(30), M1, w.endpoint1(), "Activity One", "0.000000005", 1, 1, 1, 0),
                row(w.d1(), M1, w.endpoint1(), "Activity One", "1.000000001", 2, 110, 11, 1),
                row(w.d1(), M2, fallback, P2, "0.25", 1, 50, 5, 0),
                row(w.d2(), M2, fallback, P2, "0.000000003", 1, 7, 7, 7));
    }

    @Test
    void date_api_key_hash_user_id_and_workspace_filter_and_group_by_workspace_names_it() {
        World w = seed();
        String secret = w.management().secret();
        assertThat(rows(secret, "?date=" + w.today())).containsExactly(
                row(w.today(), M1, w.endpoint1(), "Activity One", "0.000000013", 1, 1, 1, 0));
        assertThat(rows(secret, "?date=" + w.today().minusDays(31))).containsExactly(
                row(w.today().minusDays(31), M1, w.endpoint1(), "Activity One", "0.000000011", 1, 1, 1, 0));
        // Bob's key on D1: the dearer model first
        assertThat(rows(secret, "?date=" + w.d1() + "&api_key_hash=" + ApiKeys.hash(w.bobKey().secret()))).containsExactly(
                row(w.d1(), M2, P2 + ":" + M2, P2, "0.25", 1, 50, 5, 0),
                row(w.d1(), M1, w.endpoint1(), "Activity One", "0.000000001", 1, 10, 1, 0));
        // the keys Ada created
        assertThat(rows(secret, "?user_id=" + w.ada().userId())).containsExactly(
                row(w.today().minusDays(30), M1, w.endpoint1(), "Activity One", "0.000000005", 1, 1, 1, 0),
                row(w.d1(), M1, w.endpoint1(), "Activity One", "1", 1, 100, 10, 1),
                row(w.d2(), M2, P2 + ":" + M2, P2, "0.000000003", 1, 7, 7, 7));
        assertThat(rows(secret, "?user_id=" + UUID.randomUUID())).isEmpty();
        // the workspace is the organization
        assertThat(rows(secret, "?workspace_id=" + w.org())).hasSize(4);
        get(secret, "?workspace_id=" + UUID.randomUUID()).then().statusCode(404).body("error.code", equalTo(404));
        List<Map<String, String>> byWorkspace = rows(secret, "?group_by=workspace&date=" + w.d2());
        assertThat(byWorkspace).hasSize(1);
        assertThat(byWorkspace.getFirst()).containsEntry("workspace_id", w.org().toString());
        // a key of another organization is not found, like an unknown one
        Member eve = fixture.owner("Eve", 0);
        get(secret, "?api_key_hash=" + ApiKeys.hash(eve.tenant().secret())).then().statusCode(404).body("error.message", equalTo("API key not found"));
        get(secret, "?api_key_hash=" + "0".repeat(64)).then().statusCode(404);
    }

    @Test
    void an_inference_key_is_403_and_no_usable_key_is_401_with_the_key_apis_texts() {
        World w = seed();
        get(w.adaKey().secret(), "").then().statusCode(403).contentType("application/json").body("error.code", equalTo(403))
                .body("error.message", equalTo("This is an inference key; the activity API needs a management key (create one in the dashboard)."));
        given().get("/api/v1/activity").then().statusCode(401).body("error.code", equalTo(401))
                .body("error.message", equalTo("Missing or invalid API key"));
        get("sk-sb-v1-not-a-key", "").then().statusCode(401);
        get(ApiKeys.generate(), "").then().statusCode(401);
        given().header("Authorization", "Basic " + w.management().secret()).get("/api/v1/activity").then().statusCode(401);

        Tenants t = fixture.tenants();
        Tenants.Key disabled = t.key(w.org(), null, "disabled", true);
        t.disable(disabled.id());
        get(disabled.secret(), "").then().statusCode(401).body("error.message", equalTo("Missing or invalid API key"));
        Tenants.Key expired = t.key(w.org(), null, "expired", true);
        t.exec("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?", expired.id());
        get(expired.secret(), "").then().statusCode(401);
        Tenants.Key deleted = t.key(w.org(), null, "deleted", true);
        t.exec("UPDATE api_keys SET deleted_at = now() WHERE id = ?", deleted.id());
        get(deleted.secret(), "").then().statusCode(401);
        Member gone = fixture.owner("Gone", 0);
        Tenants.Key goneKey = t.key(gone.organizationId(), null, "management", true);
        get(goneKey.secret(), "").then().statusCode(200);
        t.exec("UPDATE organizations SET deleted_at = now() WHERE id = ?", gone.organizationId());
        get(goneKey.secret(), "").then().statusCode(401);
    }

    @Test
    void what_cannot_be_honoured_is_a_400_naming_the_parameter() {
        World w = seed();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("date=2025-02-30", "date");
        cases.put("date=yesterday", "date");
        cases.put("api_key_hash=ABC", "api_key_hash");
        cases.put("api_key_hash=" + "A".repeat(64), "api_key_hash");
        cases.put("user_id=42", "user_id");
        cases.put("workspace_id=default", "workspace_id");
        cases.put("group_by=model", "group_by");
        cases.put("group_by=", "group_by");
        cases.put("offset=10", "offset");
        cases.put("date=" + w.d1() + "&date=" + w.d2(), "date");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            get(w.management().secret(), "?" + c.getKey()).then().statusCode(400).contentType("application/json")
                    .body("error.code", equalTo(400)).body("error.metadata.field", equalTo(c.getValue()));
        }
        // the key is checked before the parameters: an inference key learns nothing about them
        get(w.adaKey().secret(), "?group_by=model").then().statusCode(403);
    }
}
