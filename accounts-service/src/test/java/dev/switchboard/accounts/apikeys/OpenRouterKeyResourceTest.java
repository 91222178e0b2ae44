package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.AccountsTestBase;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenRouterKeyResourceTest extends AccountsTestBase {

    /** The Key object of openrouter-sdk.md §4, field → JSON type; "?" = may be null. */
    private static final Map<String, String> KEY_FIELDS = Map.ofEntries(
            Map.entry("hash", "string"), Map.entry("name", "string"), Map.entry("label", "string"),
            Map.entry("created_at", "string"), Map.entry("workspace_id", "string"),
            Map.entry("disabled", "boolean"), Map.entry("include_byok_in_limit", "boolean"),
            Map.entry("usage", "number"), Map.entry("usage_daily", "number"), Map.entry("usage_weekly", "number"),
            Map.entry("usage_monthly", "number"), Map.entry("byok_usage", "number"), Map.entry("byok_usage_daily", "number"),
            Map.entry("byok_usage_weekly", "number"), Map.entry("byok_usage_monthly", "number"),
            Map.entry("limit", "number?"), Map.entry("limit_remaining", "number?"), Map.entry("limit_reset", "string?"),
            Map.entry("updated_at", "string?"), Map.entry("creator_user_id", "string?"), Map.entry("external_user", "string?"));


    @Test
    void a_management_key_creates_lists_reads_updates_and_deletes_inference_keys_in_openrouters_shapes() throws Exception {
        TestUser owner = fixture.provisionedUser("Mgmt", "Owner");
        UUID org = team(owner, "Provisioned");
        String management = dashboardKey(owner, org, Map.of("name", "provisioner", "management", true));

        Response created = with(management).body(Map.of("name", "from sdk", "limit", 2.5, "limit_reset", "monthly"))
                .post("/api/v1/keys");
        created.then().statusCode(201).contentType(ContentType.JSON);
        String secret = created.path("key");
        assertThat(secret).matches("^sk-sb-v1-[0-9a-f]{64}$");
        Map<String, Object> key = created.path("data");
        assertKeyShape(key);
        String hash = (String) key.get("hash");
        assertThat(hash).isEqualTo(ApiKeyResourceTest.sha256(secret));
        assertThat(key).containsEntry("name", "from sdk").containsEntry("workspace_id", org.toString())
                .containsEntry("limit_reset", "monthly").containsEntry("creator_user_id", fixture.userId(owner).toString());
        assertThat(fixture.rows("SELECT organization_id, is_management, limit_nanos, created_by FROM api_keys WHERE key_hash = ?", hash))
                .containsExactly(Map.of("organization_id", org, "is_management", false, "limit_nanos", 2_500_000_000L,
                        "created_by", fixture.userId(owner)));
        UUID keyId = (UUID) fixture.single("SELECT id FROM api_keys WHERE key_hash = ?", hash);
        fixture.execute("""
                INSERT INTO daily_usage (organization_id, day, model_id, provider_id, api_key_id, requests, cost_nanos)
                VALUES (?, ?, 'openai/gpt-4o', 'openai', ?, 3, 250000000)""", org, Date.valueOf(LocalDate.now(ZoneOffset.UTC)), keyId);

        Response list = with(management).get("/api/v1/keys");
        list.then().statusCode(200).contentType(ContentType.JSON).body("data.hash", equalTo(List.of(hash)));
        List<Map<String, Object>> listed = list.path("data");
        listed.forEach(OpenRouterKeyResourceTest::assertKeyShape);

        Response one = with(management).get("/api/v1/keys/" + hash);
        one.then().statusCode(200).contentType(ContentType.JSON);
        assertKeyShape(one.path("data"));
        assertThat(ApiKeyResourceTest.usd(one, "data.usage")).isEqualByComparingTo("0.25");
        assertThat(ApiKeyResourceTest.usd(one, "data.usage_daily")).isEqualByComparingTo("0.25");
        assertThat(ApiKeyResourceTest.usd(one, "data.limit_remaining")).isEqualByComparingTo("2.25");
        assertThat(one.asString()).doesNotContain(secret.substring(9));

        Response updated = with(management).body(Map.of("name", "renamed", "disabled", true)).patch("/api/v1/keys/" + hash);
        updated.then().statusCode(200).contentType(ContentType.JSON)
                .body("data.name", equalTo("renamed")).body("data.disabled", equalTo(true));
        assertKeyShape(updated.path("data"));
        with(management).get("/api/v1/keys").then().statusCode(200).body("data", equalTo(List.of()));
        with(management).get("/api/v1/keys?include_disabled=true").then().statusCode(200).body("data.hash", equalTo(List.of(hash)));

        with(management).delete("/api/v1/keys/" + hash).then().statusCode(200).contentType(ContentType.JSON)
                .body(equalTo("{\"deleted\":true}"));
        assertThat(fixture.single("SELECT deleted_at FROM api_keys WHERE id = ?", keyId)).isNotNull();
        with(management).get("/api/v1/keys/" + hash).then().statusCode(404).body("error.code", equalTo(404));
    }

    @Test
    void only_a_usable_management_key_is_let_in_an_inference_key_is_told_why_not() {
        TestUser owner = fixture.provisionedUser("Auth", "Owner");
        UUID org = team(owner, "Guarded");
        String inference = dashboardKey(owner, org, Map.of("name", "inference"));
        String disabled = dashboardKey(owner, org, Map.of("name", "off", "management", true));
        fixture.execute("UPDATE api_keys SET disabled = true WHERE key_hash = ?", sha(disabled));
        String expired = dashboardKey(owner, org, Map.of("name", "old", "management", true));
        fixture.execute("UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE key_hash = ?", sha(expired));
        long keysBefore = fixture.count("SELECT count(*) FROM api_keys");

        given().get("/api/v1/keys").then().statusCode(401).body("error.code", equalTo(401));
        for (String credential : List.of("sk-sb-v1-nope", "sk-sb-v1-" + "0".repeat(64), disabled, expired)) {
            with(credential).get("/api/v1/keys").then().statusCode(401).body("error.code", equalTo(401));
            with(credential).body(Map.of("name", "x")).post("/api/v1/keys").then().statusCode(401);
        }
        with(inference).get("/api/v1/keys").then().statusCode(403).body("error.message",
                equalTo("This is an inference key; managing keys needs a management key (create one in the dashboard)."));
        with(inference).body(Map.of("name", "x")).post("/api/v1/keys").then().statusCode(403);
        given().auth().oauth2(fixture.token(owner)).get("/api/v1/keys").then().statusCode(401);
        assertThat(fixture.count("SELECT count(*) FROM api_keys")).isEqualTo(keysBefore);
    }

    @Test
    void another_organizations_keys_and_management_keys_are_404_like_a_made_up_hash_and_stay_unchanged() {
        TestUser alice = fixture.provisionedUser("Alice", "Mgmt");
        TestUser bob = fixture.provisionedUser("Bob", "Mgmt");
        UUID aliceOrg = team(alice, "Alice Mgmt");
        UUID bobOrg = team(bob, "Bob Mgmt");
        String aliceManagement = dashboardKey(alice, aliceOrg, Map.of("name", "alice mgmt", "management", true));
        String bobManagement = dashboardKey(bob, bobOrg, Map.of("name", "bob mgmt", "management", true));
        String bobInference = dashboardKey(bob, bobOrg, Map.of("name", "bob inference"));
        String alicePersonal = dashboardKey(alice, fixture.personalOrganization(alice), Map.of("name", "alice personal"));
        List<Map<String, Object>> before = fixture.rows("SELECT * FROM api_keys ORDER BY id");

        String notFound = with(aliceManagement).get("/api/v1/keys/" + "a".repeat(64)).then().statusCode(404).extract().asString();
        assertThat(notFound).isEqualTo("{\"error\":{\"code\":404,\"message\":\"API key not found\"}}");
        for (String target : List.of(sha(bobInference), sha(bobManagement), sha(alicePersonal), sha(aliceManagement), "nothash")) {
            for (String method : List.of("GET", "PATCH", "DELETE")) {
                Response response = with(aliceManagement).body(Map.of("disabled", true)).request(method, "/api/v1/keys/" + target);
                assertThat(response.statusCode()).as("%s %s", method, target).isEqualTo(404);
                assertThat(response.asString()).as("%s %s", method, target).isEqualTo(notFound);
            }
        }
        with(aliceManagement).get("/api/v1/keys?include_disabled=true").then().statusCode(200).body("data", equalTo(List.of()));
        assertThat(fixture.rows("SELECT * FROM api_keys ORDER BY id")).isEqualTo(before);
    }

    @Test
    void bad_input_is_a_400_naming_the_field_and_a_management_key_cannot_mint_management_keys() {
        TestUser owner = fixture.provisionedUser("Strict", "Mgmt");
        UUID org = team(owner, "Strict Mgmt");
        String management = dashboardKey(owner, org, Map.of("name", "mgmt", "management", true));
        long before = fixture.count("SELECT count(*) FROM api_keys");

        Map<String, String> bodies = Map.of(
                "{\"name\":\"k\",\"management\":true}", "management",
                "{\"name\":\"\"}", "name",
                "{\"name\":\"k\",\"limit\":-1}", "limit",
                "{\"name\":\"k\",\"limit_reset\":\"daily\"}", "limit_reset",
                "{\"name\":\"k\",\"include_byok_in_limit\":true}", "include_byok_in_limit",
                "{\"name\":\"k\",\"expires_at\":\"2000-01-01T00:00:00Z\"}", "expires_at");
        bodies.forEach((body, field) -> with(management).body(body).post("/api/v1/keys").then()
                .statusCode(400).body("error.metadata.field", equalTo(field)));
        with(management).get("/api/v1/keys?offset=-1").then().statusCode(400).body("error.metadata.field", equalTo("offset"));
        assertThat(fixture.count("SELECT count(*) FROM api_keys")).isEqualTo(before);
    }

    @Test
    void rate_limits_are_the_dashboards_alone_this_api_refuses_them_as_unknown_fields_and_never_shows_them() {
        TestUser owner = fixture.provisionedUser("Rate", "Mgmt");
        UUID org = team(owner, "Rate Mgmt");
        String management = dashboardKey(owner, org, Map.of("name", "mgmt", "management", true));
        String limited = dashboardKey(owner, org, Map.of("name", "limited", "rate_limit_rpm", 60, "rate_limit_tpm", 1000));
        List<Map<String, Object>> before = fixture.rows("SELECT * FROM api_keys ORDER BY id");

        for (String body : List.of("{\"name\":\"k\",\"rate_limit_rpm\":60}", "{\"name\":\"k\",\"rate_limit_tpm\":null}")) {
            String field = body.contains("rpm") ? "rate_limit_rpm" : "rate_limit_tpm";
            with(management).body(body).post("/api/v1/keys").then().statusCode(400)
                    .body("error.metadata.field", equalTo(field)).body("error.message", equalTo(field + ": is not a known field"));
        }
        for (String body : List.of("{\"rate_limit_rpm\":120}", "{\"rate_limit_rpm\":null}", "{\"name\":\"x\",\"rate_limit_tpm\":5}")) {
            String field = body.contains("rpm") ? "rate_limit_rpm" : "rate_limit_tpm";
            with(management).body(body).patch("/api/v1/keys/" + sha(limited)).then().statusCode(400)
                    .body("error.metadata.field", equalTo(field));
        }
        assertThat(fixture.rows("SELECT * FROM api_keys ORDER BY id")).isEqualTo(before);

        Map<String, Object> key = with(management).get("/api/v1/keys/" + sha(limited)).then().statusCode(200).extract().path("data");
        assertKeyShape(key);
        assertThat(key).doesNotContainKeys("rate_limit_rpm", "rate_limit_tpm");
        // the shared PATCH rules still apply, and leave the dashboard's rate limits as they were
        with(management).body(Map.of("name", "renamed")).patch("/api/v1/keys/" + sha(limited)).then().statusCode(200);
        assertThat(fixture.rows("SELECT name, rate_limit_rpm, rate_limit_tpm FROM api_keys WHERE key_hash = ?", sha(limited)))
                .containsExactly(Map.of("name", "renamed", "rate_limit_rpm", 60, "rate_limit_tpm", 1000L));
    }

    private static void assertKeyShape(Map<String, Object> key) {
        assertThat(key).containsKeys(KEY_FIELDS.keySet().toArray(String[]::new));
        KEY_FIELDS.forEach((field, type) -> {
            Object value = key.get(field);
            if (type.endsWith("?") && value == null) {
                return;
            }
            assertThat(value).as(field).isNotNull();
            switch (type.replace("?", "")) {
                case "string" -> assertThat(value).as(field).isInstanceOf(String.class);
                case "boolean" -> assertThat(value).as(field).isInstanceOf(Boolean.class);
                default -> assertThat(value).as(field).isInstanceOf(Number.class);
            }
        });
    }

    private RequestSpecification with(String secret) {
        return given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON);
    }

    private String dashboardKey(TestUser user, UUID org, Map<String, Object> body) {
        return fixture.as(user).body(body).post("/organizations/" + org + "/keys").then().statusCode(201).extract().path("key");
    }

    private UUID team(TestUser owner, String name) {
        return UUID.fromString(fixture.as(owner).body(Map.of("name", name)).post("/organizations")
                .then().statusCode(201).extract().path("id"));
    }

    private static String sha(String secret) {
        try {
            return ApiKeyResourceTest.sha256(secret);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
