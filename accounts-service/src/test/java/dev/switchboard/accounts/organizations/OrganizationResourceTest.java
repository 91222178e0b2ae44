package dev.switchboard.accounts.organizations;

import dev.switchboard.accounts.AccountsTestBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrganizationResourceTest extends AccountsTestBase {


    @Test
    void creates_a_team_organization_with_the_caller_as_owner_and_lists_it() {
        TestUser owner = fixture.provisionedUser("Org", "Creator");
        Response created = fixture.as(owner).body(Map.of("name", "  Acme Research  ")).post("/organizations");
        created.then().statusCode(201)
                .body("name", equalTo("Acme Research")).body("kind", equalTo("team")).body("role", equalTo("owner"));
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/organizations/" + id);

        UUID orgId = UUID.fromString(id);
        assertThat(fixture.rows("SELECT name, kind, personal_user_id, deleted_at FROM organizations WHERE id = ?", orgId))
                .containsExactly(row("name", "Acme Research", "kind", "team", "personal_user_id", null, "deleted_at", null));
        assertThat(fixture.rows("SELECT user_id, role FROM memberships WHERE organization_id = ?", orgId))
                .containsExactly(Map.of("user_id", fixture.userId(owner), "role", "owner"));
        fixture.as(owner).get("/organizations").then().statusCode(200)
                .body("data.id", hasItem(id)).body("data.kind", hasItem("personal"));
        fixture.as(owner).get("/organizations/" + id).then().statusCode(200).body("name", equalTo("Acme Research"));
    }

    @Test
    void a_member_can_read_but_neither_rename_nor_delete() {
        TestUser owner = fixture.provisionedUser("Team", "Owner");
        TestUser member = fixture.provisionedUser("Team", "Member");
        UUID org = team(owner, "Members Only");
        fixture.addMember(org, member, "member");

        fixture.as(member).get("/organizations/" + org).then().statusCode(200).body("role", equalTo("member"));
        fixture.as(member).body(Map.of("name", "Taken Over")).patch("/organizations/" + org).then().statusCode(403)
                .body("error.code", equalTo(403)).body("error.metadata.required_role", equalTo("admin"));
        fixture.as(member).delete("/organizations/" + org).then().statusCode(403)
                .body("error.metadata.required_role", equalTo("owner"));
        assertThat(fixture.rows("SELECT name, deleted_at FROM organizations WHERE id = ?", org))
                .containsExactly(row("name", "Members Only", "deleted_at", null));
    }

    @Test
    void an_admin_can_rename_but_not_delete_and_the_owner_deletes() {
        TestUser owner = fixture.provisionedUser("Team", "Owner");
        TestUser admin = fixture.provisionedUser("Team", "Admin");
        UUID org = team(owner, "Before");
        fixture.addMember(org, admin, "admin");

        fixture.as(admin).body(Map.of("name", "After")).patch("/organizations/" + org).then().statusCode(200)
                .body("name", equalTo("After")).body("role", equalTo("admin"));
        assertThat(fixture.single("SELECT name FROM organizations WHERE id = ?", org)).isEqualTo("After");
        fixture.as(admin).delete("/organizations/" + org).then().statusCode(403);
        assertThat(fixture.single("SELECT deleted_at FROM organizations WHERE id = ?", org)).isNull();

        fixture.as(owner).delete("/organizations/" + org).then().statusCode(204);
        assertThat(fixture.single("SELECT deleted_at FROM organizations WHERE id = ?", org)).isNotNull();
        // gone for everyone, with the answer of an organization that never existed
        fixture.as(owner).get("/organizations/" + org).then().statusCode(404)
                .body("error.message", equalTo("Organization not found"));
        fixture.as(admin).get("/organizations").then().statusCode(200).body("data.id", not(hasItem(org.toString())));
        fixture.as(owner).delete("/organizations/" + org).then().statusCode(404);
    }

    @Test
    void delete_is_refused_while_the_organization_holds_credit() {
        TestUser owner = fixture.provisionedUser("Rich", "Owner");
        UUID org = team(owner, "Has Credit");
        // as billing records a Stripe purchase; the trigger moves the balance
        fixture.execute("""
                INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference)
                VALUES (?, ?, 'purchase', 5000000000, ?)""", UUID.randomUUID(), org, "cs_test_" + UUID.randomUUID());

        fixture.as(owner).delete("/organizations/" + org).then().statusCode(409)
                .body("error.code", equalTo(409))
                .body("error.metadata.reason", equalTo("credit_remaining"))
                .body("error.metadata.balance_nanos", equalTo(5000000000L));
        assertThat(fixture.single("SELECT deleted_at FROM organizations WHERE id = ?", org)).isNull();
    }

    @Test
    void delete_is_refused_while_an_active_key_exists_and_allowed_once_it_is_disabled() {
        TestUser owner = fixture.provisionedUser("Key", "Holder");
        UUID org = team(owner, "Has Keys");
        UUID key = UUID.randomUUID();
        fixture.execute("""
                INSERT INTO api_keys (id, organization_id, created_by, name, display_prefix, key_hash)
                VALUES (?, ?, ?, 'ci', 'sk-sb-v1-abc…def', ?)""", key, org, fixture.userId(owner), sha256Hex(key));
        // keys that cannot be used any more do not hold the organization back
        fixture.execute("""
                INSERT INTO api_keys (id, organization_id, name, display_prefix, key_hash, expires_at)
                VALUES (?, ?, 'old', 'sk-sb-v1-old…old', ?, now() - interval '1 day')""",
                UUID.randomUUID(), org, sha256Hex(UUID.randomUUID()));

        fixture.as(owner).delete("/organizations/" + org).then().statusCode(409)
                .body("error.metadata.reason", equalTo("active_api_keys"))
                .body("error.metadata.active_keys", equalTo(1));
        assertThat(fixture.single("SELECT deleted_at FROM organizations WHERE id = ?", org)).isNull();

        fixture.execute("UPDATE api_keys SET disabled = true WHERE id = ?", key);
        fixture.as(owner).delete("/organizations/" + org).then().statusCode(204);
        assertThat(fixture.single("SELECT deleted_at FROM organizations WHERE id = ?", org)).isNotNull();
    }

    @Test
    void the_personal_organization_cannot_be_deleted_but_can_be_renamed() {
        TestUser owner = fixture.provisionedUser("Solo", "Person");
        UUID personal = fixture.personalOrganization(owner);

        fixture.as(owner).delete("/organizations/" + personal).then().statusCode(409)
                .body("error.metadata.reason", equalTo("personal_organization"));
        assertThat(fixture.single("SELECT deleted_at FROM organizations WHERE id = ?", personal)).isNull();
        fixture.as(owner).body(Map.of("name", "My Lab")).patch("/organizations/" + personal).then().statusCode(200)
                .body("kind", equalTo("personal"));
    }

    @Test
    void bad_input_is_400_naming_the_field_and_changes_nothing() {
        TestUser owner = fixture.provisionedUser("Careful", "Typist");
        UUID org = team(owner, "Stable Name");
        long organizationsBefore = fixture.count("SELECT count(*) FROM organizations");

        String tooLong = "x".repeat(101);
        for (String body : List.of("{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":\"" + tooLong + "\"}", "{}",
                "{\"name\":null}", "{\"name\":\"a\\u0000b\"}")) {
            assertBadRequest(fixture.as(owner).body(body).post("/organizations"), "name");
            assertBadRequest(fixture.as(owner).body(body).patch("/organizations/" + org), "name");
        }
        assertBadRequest(fixture.as(owner).body("{\"name\":5}").post("/organizations"), "name");
        assertBadRequest(fixture.as(owner).body("{\"name\":{\"x\":1}}").patch("/organizations/" + org), "name");
        assertBadRequest(fixture.as(owner).body("{\"name\":\"ok\",\"colour\":\"red\"}").post("/organizations"), "colour");
        assertBadRequest(fixture.as(owner).body("{\"name\":").post("/organizations"), "body");
        assertBadRequest(fixture.as(owner).body("[\"name\"]").patch("/organizations/" + org), "body");
        // exactly 100 characters is fine
        fixture.as(owner).body(Map.of("name", "y".repeat(100))).post("/organizations").then().statusCode(201);

        assertThat(fixture.count("SELECT count(*) FROM organizations")).isEqualTo(organizationsBefore + 1);
        assertThat(fixture.single("SELECT name FROM organizations WHERE id = ?", org)).isEqualTo("Stable Name");
    }

    private static void assertBadRequest(Response response, String field) {
        response.then().statusCode(400)
                .body("error.code", equalTo(400))
                .body("error.metadata.field", equalTo(field))
                .body("error.message", not(nullValue()));
    }

    private UUID team(TestUser owner, String name) {
        return UUID.fromString(fixture.as(owner).body(Map.of("name", name)).post("/organizations")
                .then().statusCode(201).extract().path("id"));
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private static String sha256Hex(UUID seed) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(seed.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
