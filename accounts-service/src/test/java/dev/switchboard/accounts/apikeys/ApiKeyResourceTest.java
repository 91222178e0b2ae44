package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.AccountsTestBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeyResourceTest extends AccountsTestBase {

    private static final String KEY_SHAPE = "^sk-sb-v1-[0-9a-f]{64}$";


    @Test
    void creates_a_key_whose_sha256_alone_is_stored_and_answers_the_secret_only_once() throws Exception {
        TestUser owner = fixture.provisionedUser("Key", "Maker");
        UUID org = team(owner, "Keys Inc");

        Response created = fixture.as(owner)
                .body(Map.of("name", "  ci  ", "limit", 12.5, "limit_reset", "weekly", "expires_at", "2099-01-01T00:00:00Z"))
                .post(keysOf(org));
        created.then().statusCode(201)
                .body("name", equalTo("ci")).body("limit_reset", equalTo("weekly")).body("management", equalTo(false))
                .body("disabled", equalTo(false)).body("creator.email", equalTo(owner.email()))
                .body("creator.id", equalTo(fixture.userId(owner).toString()))
                .body("expires_at", equalTo("2099-01-01T00:00:00Z")).body("last_used_at", nullValue());
        String secret = created.path("key");
        String id = created.path("id");
        assertThat(secret).matches(KEY_SHAPE);
        assertThat(created.header("Location")).endsWith("/organizations/" + org + "/keys/" + id);
        assertThat(usd(created, "limit")).isEqualByComparingTo("12.5");
        assertThat(usd(created, "usage_total")).isEqualByComparingTo("0");
        assertThat(created.<String>path("label")).isEqualTo(secret.substring(0, 12) + "…" + secret.substring(secret.length() - 3));

        Map<String, Object> row = fixture.rows("""
                SELECT organization_id, created_by, name, display_prefix, key_hash, limit_nanos, limit_reset, is_management,
                       disabled, expires_at, deleted_at FROM api_keys WHERE id = ?""", UUID.fromString(id)).getFirst();
        assertThat(row.get("key_hash")).isEqualTo(sha256(secret));
        assertThat(row.get("display_prefix")).isEqualTo(created.path("label"));
        assertThat(row).containsEntry("organization_id", org).containsEntry("created_by", fixture.userId(owner))
                .containsEntry("name", "ci").containsEntry("limit_nanos", 12_500_000_000L).containsEntry("limit_reset", "weekly")
                .containsEntry("is_management", false).containsEntry("disabled", false).containsEntry("deleted_at", null);
        assertThat(row.values()).noneMatch(value -> String.valueOf(value).contains(secret.substring(9)));

        List<String> later = new ArrayList<>();
        later.add(fixture.as(owner).get(keysOf(org)).then().statusCode(200).extract().asString());
        later.add(fixture.as(owner).get(keysOf(org) + "/" + id).then().statusCode(200).extract().asString());
        later.add(fixture.as(owner).body(Map.of("name", "ci-2")).patch(keysOf(org) + "/" + id).then().statusCode(200).extract().asString());
        assertThat(later).allSatisfy(body -> assertThat(body).doesNotContain(secret.substring(9)).doesNotContain("\"key\""));
    }

    @Test
    void lists_reads_updates_and_soft_deletes_a_key() {
        TestUser owner = fixture.provisionedUser("Life", "Cycle");
        UUID org = team(owner, "Lifecycle");
        String first = createKey(owner, org, Map.of("name", "first", "limit", 5, "limit_reset", "daily"));
        String second = createKey(owner, org, Map.of("name", "second"));

        fixture.as(owner).get(keysOf(org)).then().statusCode(200).body("data.name", equalTo(List.of("first", "second")));
        Response updated = fixture.as(owner)
                .body(Map.of("name", "renamed", "disabled", true, "expires_at", "2098-05-01T12:00:00+02:00"))
                .patch(keysOf(org) + "/" + first);
        updated.then().statusCode(200).body("name", equalTo("renamed")).body("disabled", equalTo(true))
                .body("expires_at", equalTo("2098-05-01T10:00:00Z")).body("limit_reset", equalTo("daily"));
        fixture.as(owner).get(keysOf(org) + "?include_disabled=false").then().statusCode(200)
                .body("data.name", equalTo(List.of("second")));
        fixture.as(owner).get(keysOf(org) + "?include_disabled=true").then().statusCode(200)
                .body("data.name", equalTo(List.of("renamed", "second")));

        // limit: null lifts the limit and its period; expires_at: null makes the key permanent again
        Map<String, Object> lift = new HashMap<>();
        lift.put("limit", null);
        lift.put("expires_at", null);
        lift.put("disabled", false);
        fixture.as(owner).body(lift).patch(keysOf(org) + "/" + first).then().statusCode(200)
                .body("limit", nullValue()).body("limit_reset", nullValue()).body("limit_remaining", nullValue())
                .body("expires_at", nullValue()).body("disabled", equalTo(false));
        assertThat(fixture.rows("SELECT name, limit_nanos, limit_reset, disabled, expires_at FROM api_keys WHERE id = ?",
                UUID.fromString(first))).containsExactly(row("name", "renamed", "limit_nanos", null, "limit_reset", null,
                "disabled", false, "expires_at", null));

        fixture.as(owner).delete(keysOf(org) + "/" + second).then().statusCode(204);
        assertThat(fixture.single("SELECT deleted_at FROM api_keys WHERE id = ?", UUID.fromString(second))).isNotNull();
        fixture.as(owner).get(keysOf(org) + "/" + second).then().statusCode(404).body("error.message", equalTo("API key not found"));
        fixture.as(owner).delete(keysOf(org) + "/" + second).then().statusCode(404);
        fixture.as(owner).get(keysOf(org)).then().statusCode(200).body("data.name", equalTo(List.of("renamed")));
    }

    @Test
    void a_key_is_created_with_its_own_rate_limits_or_without_them_for_the_gateways_default() {
        TestUser owner = fixture.provisionedUser("Rate", "Maker");
        UUID org = team(owner, "Rates");

        Response limited = fixture.as(owner)
                .body("{\"name\":\"busy\",\"rate_limit_rpm\":1000000,\"rate_limit_tpm\":10000000000}").post(keysOf(org));
        limited.then().statusCode(201).body("rate_limit_rpm", equalTo(1_000_000)).body("rate_limit_tpm", equalTo(10_000_000_000L));
        String busy = limited.path("id");
        // 5.0 is whole, as the gateway's own request fields count it; what is stored is the integer
        String whole = createKey(owner, org, Map.of("name", "whole", "rate_limit_rpm", 5.0, "rate_limit_tpm", 1));
        String plain = createKey(owner, org, Map.of("name", "plain"));
        Map<String, Object> explicit = new HashMap<>();
        explicit.put("name", "explicit");
        explicit.put("rate_limit_rpm", null);
        explicit.put("rate_limit_tpm", null);
        String nulls = createKey(owner, org, explicit);

        assertThat(fixture.rows("SELECT name, rate_limit_rpm, rate_limit_tpm FROM api_keys WHERE organization_id = ? ORDER BY created_at, id", org))
                .containsExactly(row("name", "busy", "rate_limit_rpm", 1_000_000, "rate_limit_tpm", 10_000_000_000L),
                        row("name", "whole", "rate_limit_rpm", 5, "rate_limit_tpm", 1L),
                        row("name", "plain", "rate_limit_rpm", null, "rate_limit_tpm", null),
                        row("name", "explicit", "rate_limit_rpm", null, "rate_limit_tpm", null));
        fixture.as(owner).get(keysOf(org) + "/" + busy).then().statusCode(200)
                .body("rate_limit_rpm", equalTo(1_000_000)).body("rate_limit_tpm", equalTo(10_000_000_000L));
        fixture.as(owner).get(keysOf(org) + "/" + whole).then().statusCode(200)
                .body("rate_limit_rpm", equalTo(5)).body("rate_limit_tpm", equalTo(1));
        for (String key : List.of(plain, nulls)) {
            String body = fixture.as(owner).get(keysOf(org) + "/" + key).then().statusCode(200)
                    .body("rate_limit_rpm", nullValue()).body("rate_limit_tpm", nullValue()).extract().asString();
            assertThat(body).as("null is written, not left out").contains("\"rate_limit_rpm\":null", "\"rate_limit_tpm\":null");
        }
        fixture.as(owner).get(keysOf(org)).then().statusCode(200)
                .body("data.rate_limit_rpm", equalTo(java.util.Arrays.asList(1_000_000, 5, null, null)));
    }

    @Test
    void a_patch_sets_clears_or_leaves_each_rate_limit_alone() {
        TestUser owner = fixture.provisionedUser("Rate", "Patcher");
        UUID org = team(owner, "Patched Rates");
        String key = createKey(owner, org, Map.of("name", "steady", "limit", 5, "rate_limit_rpm", 60, "rate_limit_tpm", 100_000));
        String path = keysOf(org) + "/" + key;

        Map<String, Object> otherSettings = new HashMap<>();
        otherSettings.put("name", "renamed");
        otherSettings.put("limit", null);
        otherSettings.put("disabled", true);
        fixture.as(owner).body(otherSettings).patch(path).then().statusCode(200)
                .body("rate_limit_rpm", equalTo(60)).body("rate_limit_tpm", equalTo(100_000));
        assertThat(rateLimits(key)).as("other settings leave them alone").isEqualTo(row("rate_limit_rpm", 60, "rate_limit_tpm", 100_000L));

        fixture.as(owner).body(Map.of("rate_limit_rpm", 120)).patch(path).then().statusCode(200)
                .body("rate_limit_rpm", equalTo(120)).body("rate_limit_tpm", equalTo(100_000));
        assertThat(rateLimits(key)).isEqualTo(row("rate_limit_rpm", 120, "rate_limit_tpm", 100_000L));

        Map<String, Object> clearTokens = new HashMap<>();
        clearTokens.put("rate_limit_tpm", null);
        fixture.as(owner).body(clearTokens).patch(path).then().statusCode(200)
                .body("rate_limit_rpm", equalTo(120)).body("rate_limit_tpm", nullValue());
        assertThat(rateLimits(key)).isEqualTo(row("rate_limit_rpm", 120, "rate_limit_tpm", null));

        Map<String, Object> swap = new HashMap<>();
        swap.put("rate_limit_rpm", null);
        swap.put("rate_limit_tpm", 10_000_000_000L);
        fixture.as(owner).body(swap).patch(path).then().statusCode(200)
                .body("rate_limit_rpm", nullValue()).body("rate_limit_tpm", equalTo(10_000_000_000L));
        assertThat(rateLimits(key)).isEqualTo(row("rate_limit_rpm", null, "rate_limit_tpm", 10_000_000_000L));
        assertThat(fixture.rows("SELECT name, limit_nanos, disabled FROM api_keys WHERE id = ?", UUID.fromString(key)))
                .containsExactly(row("name", "renamed", "limit_nanos", null, "disabled", true));
    }

    @Test
    void a_member_sees_and_touches_only_their_own_keys_and_cannot_create_a_management_key() {
        TestUser owner = fixture.provisionedUser("Team", "Owner");
        TestUser admin = fixture.provisionedUser("Team", "Admin");
        TestUser member = fixture.provisionedUser("Team", "Member");
        UUID org = team(owner, "Roles");
        fixture.addMember(org, admin, "admin");
        fixture.addMember(org, member, "member");
        String ownerKey = createKey(owner, org, Map.of("name", "owner's"));
        String memberKey = createKey(member, org, Map.of("name", "member's"));

        fixture.as(member).get(keysOf(org)).then().statusCode(200).body("data.id", equalTo(List.of(memberKey)));
        fixture.as(admin).get(keysOf(org)).then().statusCode(200).body("data.id", equalTo(List.of(ownerKey, memberKey)));
        String notFound = fixture.as(member).get(keysOf(org) + "/" + UUID.randomUUID()).then().statusCode(404).extract().asString();
        List<Map<String, Object>> before = keyRows();
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            Response response = fixture.as(member).body(Map.of("disabled", true)).request(method, keysOf(org) + "/" + ownerKey);
            assertThat(response.statusCode()).as(method).isEqualTo(404);
            assertThat(response.asString()).as(method).isEqualTo(notFound);
        }
        fixture.as(member).body(Map.of("name", "mgmt", "management", true)).post(keysOf(org)).then().statusCode(403)
                .body("error.metadata.required_role", equalTo("admin"));
        assertThat(keyRows()).isEqualTo(before);

        fixture.as(member).body(Map.of("name", "mine now")).patch(keysOf(org) + "/" + memberKey).then().statusCode(200);
        fixture.as(admin).body(Map.of("disabled", true)).patch(keysOf(org) + "/" + memberKey).then().statusCode(200);
        String management = createKey(admin, org, Map.of("name", "mgmt", "management", true));
        assertThat(fixture.single("SELECT is_management FROM api_keys WHERE id = ?", UUID.fromString(management))).isEqualTo(true);
        fixture.as(owner).delete(keysOf(org) + "/" + memberKey).then().statusCode(204);
    }

    @Test
    void every_key_endpoint_answers_another_organizations_keys_like_nonexistent_ones_and_changes_nothing() {
        TestUser alice = fixture.provisionedUser("Alice", "Keys");
        TestUser bob = fixture.provisionedUser("Bob", "Keys");
        UUID aliceOrg = team(alice, "Alice Keys");
        UUID bobOrg = team(bob, "Bob Keys");
        String aliceKey = createKey(alice, aliceOrg, Map.of("name", "alice's"));
        String alicePersonalKey = createKey(alice, fixture.personalOrganization(alice), Map.of("name", "alice's own"));
        createKey(bob, bobOrg, Map.of("name", "bob's"));
        List<Map<String, Object>> before = keyRows();

        String noOrganization = fixture.as(bob).get(keysOf(UUID.randomUUID())).then().statusCode(404).extract().asString();
        assertThat(noOrganization).isEqualTo("{\"error\":{\"code\":404,\"message\":\"Organization not found\"}}");
        for (UUID foreign : List.of(aliceOrg, fixture.personalOrganization(alice))) {
            assertThat(call(bob, "GET", keysOf(foreign)).asString()).isEqualTo(noOrganization);
            assertThat(call(bob, "POST", keysOf(foreign)).asString()).isEqualTo(noOrganization);
            for (String method : List.of("GET", "PATCH", "DELETE")) {
                for (String key : List.of(aliceKey, alicePersonalKey, UUID.randomUUID().toString())) {
                    Response response = call(bob, method, keysOf(foreign) + "/" + key);
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(response.asString()).as("%s %s/%s", method, foreign, key).isEqualTo(noOrganization);
                }
            }
        }
        assertThat(call(bob, "GET", "/organizations/not-a-uuid/keys").asString()).isEqualTo(noOrganization);

        String noKey = fixture.as(bob).get(keysOf(bobOrg) + "/" + UUID.randomUUID()).then().statusCode(404).extract().asString();
        assertThat(noKey).isEqualTo("{\"error\":{\"code\":404,\"message\":\"API key not found\"}}");
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            for (String key : List.of(aliceKey, alicePersonalKey, "not-a-uuid")) {
                Response response = call(bob, method, keysOf(bobOrg) + "/" + key);
                assertThat(response.statusCode()).isEqualTo(404);
                assertThat(response.asString()).as("%s own org, key %s", method, key).isEqualTo(noKey);
            }
        }
        fixture.as(bob).get(keysOf(bobOrg)).then().statusCode(200).body("data.name", equalTo(List.of("bob's")));
        assertThat(keyRows()).isEqualTo(before);
    }

    @Test
    void bad_input_is_a_400_naming_the_field_and_changes_nothing() {
        TestUser owner = fixture.provisionedUser("Bad", "Input");
        UUID org = team(owner, "Strict");
        String key = createKey(owner, org, Map.of("name", "kept", "limit", 1, "rate_limit_rpm", 60, "rate_limit_tpm", 1000));
        List<Map<String, Object>> before = keyRows();

        Map<String, String> creates = new java.util.LinkedHashMap<>();
        creates.put("{\"name\":\"\"}", "name");
        creates.put("{\"name\":\"   \"}", "name");
        creates.put("{\"name\":\"" + "x".repeat(101) + "\"}", "name");
        creates.put("{}", "name");
        creates.put("{\"name\":5}", "name");
        creates.put("{\"name\":\"k\",\"limit\":-1}", "limit");
        creates.put("{\"name\":\"k\",\"limit\":1000000.01}", "limit");
        creates.put("{\"name\":\"k\",\"limit\":1e300}", "limit");
        creates.put("{\"name\":\"k\",\"limit\":0.0000001}", "limit");
        creates.put("{\"name\":\"k\",\"limit\":\"5\"}", "limit");
        creates.put("{\"name\":\"k\",\"limit\":5,\"limit_reset\":\"hourly\"}", "limit_reset");
        creates.put("{\"name\":\"k\",\"limit_reset\":\"daily\"}", "limit_reset");
        creates.put("{\"name\":\"k\",\"expires_at\":\"2001-01-01T00:00:00Z\"}", "expires_at");
        creates.put("{\"name\":\"k\",\"expires_at\":\"tomorrow\"}", "expires_at");
        creates.put("{\"name\":\"k\",\"management\":\"yes\"}", "management");
        creates.put("{\"name\":\"k\",\"management\":1}", "management");
        creates.put("{\"name\":\"k\",\"rate_limit_rpm\":\"5\"}", "rate_limit_rpm");
        creates.put("{\"name\":\"k\",\"rate_limit_rpm\":1.5}", "rate_limit_rpm");
        creates.put("{\"name\":\"k\",\"rate_limit_rpm\":true}", "rate_limit_rpm");
        creates.put("{\"name\":\"k\",\"rate_limit_rpm\":0}", "rate_limit_rpm");
        creates.put("{\"name\":\"k\",\"rate_limit_rpm\":-1}", "rate_limit_rpm");
        creates.put("{\"name\":\"k\",\"rate_limit_rpm\":1000001}", "rate_limit_rpm");
        creates.put("{\"name\":\"k\",\"rate_limit_rpm\":3000000000}", "rate_limit_rpm");
        creates.put("{\"name\":\"k\",\"rate_limit_rpm\":[60]}", "rate_limit_rpm");
        creates.put("{\"name\":\"k\",\"rate_limit_tpm\":\"5\"}", "rate_limit_tpm");
        creates.put("{\"name\":\"k\",\"rate_limit_tpm\":0.5}", "rate_limit_tpm");
        creates.put("{\"name\":\"k\",\"rate_limit_tpm\":false}", "rate_limit_tpm");
        creates.put("{\"name\":\"k\",\"rate_limit_tpm\":0}", "rate_limit_tpm");
        creates.put("{\"name\":\"k\",\"rate_limit_tpm\":-100}", "rate_limit_tpm");
        creates.put("{\"name\":\"k\",\"rate_limit_tpm\":10000000001}", "rate_limit_tpm");
        creates.put("{\"name\":\"k\",\"rate_limit_tpm\":99999999999999999999}", "rate_limit_tpm");
        creates.put("{\"name\":\"k\",\"rate_limit_tpm\":1e999999999}", "rate_limit_tpm");
        creates.put("{\"name\":\"k\",\"nmae\":\"typo\"}", "nmae");
        creates.put("{\"name\":\"k\"", "body");
        creates.put("[]", "body");
        creates.forEach((body, field) -> fixture.as(owner).body(body).post(keysOf(org)).then()
                .statusCode(400).body("error.metadata.field", equalTo(field)));

        Map<String, String> updates = new java.util.LinkedHashMap<>();
        updates.put("{\"name\":\"\"}", "name");
        updates.put("{\"name\":null}", "name");
        updates.put("{\"limit\":-0.5}", "limit");
        updates.put("{\"limit_reset\":\"yearly\"}", "limit_reset");
        updates.put("{\"limit\":null,\"limit_reset\":\"daily\"}", "limit_reset");
        updates.put("{\"disabled\":null}", "disabled");
        updates.put("{\"disabled\":\"true\"}", "disabled");
        updates.put("{\"expires_at\":\"2001-01-01T00:00:00Z\"}", "expires_at");
        updates.put("{\"management\":true}", "management");
        updates.put("{\"name\":\"ok\",\"limit\":-1}", "limit");
        updates.put("{\"rate_limit_rpm\":\"120\"}", "rate_limit_rpm");
        updates.put("{\"rate_limit_rpm\":60.5}", "rate_limit_rpm");
        updates.put("{\"rate_limit_rpm\":false}", "rate_limit_rpm");
        updates.put("{\"rate_limit_rpm\":0}", "rate_limit_rpm");
        updates.put("{\"rate_limit_rpm\":-60}", "rate_limit_rpm");
        updates.put("{\"rate_limit_rpm\":1000001}", "rate_limit_rpm");
        updates.put("{\"rate_limit_tpm\":\"1000\"}", "rate_limit_tpm");
        updates.put("{\"rate_limit_tpm\":1000.25}", "rate_limit_tpm");
        updates.put("{\"rate_limit_tpm\":true}", "rate_limit_tpm");
        updates.put("{\"rate_limit_tpm\":0}", "rate_limit_tpm");
        updates.put("{\"rate_limit_tpm\":-1}", "rate_limit_tpm");
        updates.put("{\"rate_limit_tpm\":10000000001}", "rate_limit_tpm");
        updates.put("{\"rate_limit_tpm\":{}}", "rate_limit_tpm");
        updates.put("{\"name\":\"ok\",\"rate_limit_rpm\":null,\"rate_limit_tpm\":0}", "rate_limit_tpm");
        updates.put("{\"rate_limit_rpm\":1000000,\"limit\":-1}", "limit");
        updates.put("not json", "body");
        updates.forEach((body, field) -> fixture.as(owner).body(body).patch(keysOf(org) + "/" + key).then()
                .statusCode(400).body("error.metadata.field", equalTo(field)));
        fixture.as(owner).get(keysOf(org) + "?include_disabled=maybe").then().statusCode(400)
                .body("error.metadata.field", equalTo("include_disabled"));

        assertThat(keyRows()).isEqualTo(before);
    }

    @Test
    void usage_is_read_from_daily_usage_per_period_in_utc_and_written_as_plain_decimals() {
        TestUser owner = fixture.provisionedUser("Usage", "Reader");
        UUID org = team(owner, "Spenders");
        Map<String, String> keys = new HashMap<>();
        keys.put("never", createKey(owner, org, Map.of("name", "never", "limit", 1000)));
        for (String reset : List.of("daily", "weekly", "monthly")) {
            keys.put(reset, createKey(owner, org, Map.of("name", reset, "limit", 1000, "limit_reset", reset)));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate weekStart = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate monthStart = today.withDayOfMonth(1);
        // one nano-dollar today; whole dollars on days that fall inside or outside each period
        Map<LocalDate, Long> spend = new HashMap<>();
        spend.put(today, 1L);
        spend.merge(today.minusDays(1), 2_000_000_000L, Long::sum);
        spend.merge(weekStart.minusDays(1), 30_000_000_000L, Long::sum);
        spend.merge(monthStart.minusDays(1), 400_000_000_000L, Long::sum);
        for (String key : keys.values()) {
            spend.forEach((day, nanos) -> fixture.execute("""
                    INSERT INTO daily_usage (organization_id, day, model_id, provider_id, api_key_id, requests, cost_nanos)
                    VALUES (?, ?, 'openai/gpt-4o', 'openai', ?, 1, ?)""", org, Date.valueOf(day), UUID.fromString(key), nanos));
        }
        long total = spend.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> period = Map.of("never", total,
                "daily", since(spend, today), "weekly", since(spend, weekStart), "monthly", since(spend, monthStart));

        Response list = fixture.as(owner).get(keysOf(org));
        list.then().statusCode(200);
        assertThat(list.asString()).contains("0.000000001").doesNotContain("E-").doesNotContain("E+");
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Response one = fixture.as(owner).get(keysOf(org) + "/" + key.getValue());
            one.then().statusCode(200);
            BigDecimal expected = BigDecimal.valueOf(period.get(key.getKey()), 9);
            assertThat(usd(one, "usage_total")).as(key.getKey()).isEqualByComparingTo(BigDecimal.valueOf(total, 9));
            assertThat(usd(one, "usage_period")).as(key.getKey()).isEqualByComparingTo(expected);
            assertThat(usd(one, "limit_remaining")).as(key.getKey()).isEqualByComparingTo(BigDecimal.valueOf(1000).subtract(expected));
        }
    }

    private static long since(Map<LocalDate, Long> spend, LocalDate start) {
        return spend.entrySet().stream().filter(e -> !e.getKey().isBefore(start)).mapToLong(Map.Entry::getValue).sum();
    }

    /** With a body valid for create and update alike: a malformed one is a 400 wherever it goes, revealing nothing. */
    private Response call(TestUser caller, String method, String path) {
        return fixture.as(caller).body(Map.of("name", "hijacked")).request(method, path);
    }

    private UUID team(TestUser owner, String name) {
        return UUID.fromString(fixture.as(owner).body(Map.of("name", name)).post("/organizations")
                .then().statusCode(201).extract().path("id"));
    }

    private String createKey(TestUser user, UUID org, Map<String, Object> body) {
        return fixture.as(user).body(body).post(keysOf(org)).then().statusCode(201).extract().path("id");
    }

    private static String keysOf(UUID org) {
        return "/organizations/" + org + "/keys";
    }

    private List<Map<String, Object>> keyRows() {
        return fixture.rows("""
                SELECT id, organization_id, created_by, name, key_hash, limit_nanos, limit_reset, rate_limit_rpm, rate_limit_tpm,
                       disabled, is_management, expires_at, updated_at, deleted_at FROM api_keys ORDER BY id""");
    }

    private Map<String, Object> rateLimits(String key) {
        return fixture.rows("SELECT rate_limit_rpm, rate_limit_tpm FROM api_keys WHERE id = ?", UUID.fromString(key)).getFirst();
    }

    /** A USD amount of the body, exactly as written (RestAssured would read it as a float). */
    static BigDecimal usd(Response response, String path) {
        Object value = new JsonPath(response.asString()).using(
                io.restassured.path.json.config.JsonPathConfig.jsonPathConfig().numberReturnType(
                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL)).get(path);
        return new BigDecimal(String.valueOf(value));
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }
}
