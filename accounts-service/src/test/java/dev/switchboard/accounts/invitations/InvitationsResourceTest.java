package dev.switchboard.accounts.invitations;

import dev.switchboard.accounts.AccountsFixture;
import dev.switchboard.accounts.AccountsTestBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationsResourceTest extends AccountsTestBase {

    @Inject
    MockMailbox mailbox;

    @Test
    void an_invited_new_user_accepts_once_and_joins_with_the_invited_role() throws Exception {
        TestUser owner = fixture.provisionedUser("Inv", "Owner");
        UUID org = team(owner, "Invites");
        String email = "Invitee-" + UUID.randomUUID() + "@Example.test";

        Response created = fixture.as(owner).body(Map.of("email", email, "role", "admin"))
                .post("/organizations/" + org + "/invitations");
        created.then().statusCode(201)
                .body("email", equalTo(email)).body("role", equalTo("admin"))
                .body("organization_id", equalTo(org.toString()))
                .body("accept_url", startsWith("http://localhost:8081/invitations/accept?token="))
                .body("email_sent", equalTo(true));
        String acceptUrl = created.path("accept_url");
        String token = acceptUrl.substring(acceptUrl.indexOf("token=") + "token=".length());
        UUID id = UUID.fromString(created.path("id"));
        Instant expiresAt = Instant.parse(created.path("expires_at"));
        assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofDays(7).minusMinutes(5), Duration.ofDays(7));

        // only the hash is stored
        Map<String, Object> row = fixture.rows("SELECT * FROM invitations WHERE id = ?", id).getFirst();
        assertThat(row.get("token_hash")).isEqualTo(sha256Hex(token));
        assertThat(row.values()).noneMatch(value -> value != null && value.toString().contains(token));
        assertThat(row.get("role")).isEqualTo("admin");
        assertThat(row.get("invited_by")).isEqualTo(fixture.userId(owner));
        // the e-mail went to the invited address, with the link
        List<Mail> mails = mailbox.getMailsSentTo(email);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().getText()).contains(acceptUrl).contains("Invites");
        fixture.as(owner).get("/organizations/" + org + "/invitations").then().statusCode(200)
                .body("data.id", hasItem(id.toString()));

        // a new Keycloak user with that address (other case) accepts
        TestUser invitee = new TestUser(fixture.keycloak().createUser(email.toLowerCase(), AccountsFixture.PASSWORD, "New", "Invitee"),
                email.toLowerCase());
        fixture.as(invitee).body(Map.of("token", token)).post("/invitations/accept").then().statusCode(200)
                .body("id", equalTo(org.toString())).body("role", equalTo("admin")).body("kind", equalTo("team"));
        assertThat(fixture.single("SELECT role FROM memberships WHERE organization_id = ? AND user_id = ?", org, fixture.userId(invitee)))
                .isEqualTo("admin");
        assertThat(fixture.rows("SELECT accepted_by FROM invitations WHERE id = ?", id))
                .containsExactly(Map.of("accepted_by", fixture.userId(invitee)));
        fixture.as(invitee).get("/me").then().statusCode(200)
                .body("organizations.find { it.id == '" + org + "' }.role", equalTo("admin"));
        fixture.as(owner).get("/organizations/" + org + "/invitations").then().statusCode(200)
                .body("data.id", not(hasItem(id.toString())));

        // single use
        fixture.as(invitee).body(Map.of("token", token)).post("/invitations/accept").then().statusCode(410)
                .body("error.metadata.reason", equalTo("used"));
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ?", org)).isEqualTo(2);
    }

    @Test
    void an_expired_invitation_is_refused() {
        TestUser owner = fixture.provisionedUser("Exp", "Owner");
        TestUser invitee = fixture.provisionedUser("Exp", "Invitee");
        UUID org = team(owner, "Expiring");
        Invited invited = invite(owner, org, invitee.email(), "member");
        fixture.execute("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = ?", invited.id());

        fixture.as(invitee).body(Map.of("token", invited.token())).post("/invitations/accept").then().statusCode(410)
                .body("error.metadata.reason", equalTo("expired"));
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ?", org)).isEqualTo(1);
        assertThat(fixture.single("SELECT accepted_at FROM invitations WHERE id = ?", invited.id())).isNull();
        // an expired invitation is no longer pending, and gives way to a new one
        fixture.as(owner).get("/organizations/" + org + "/invitations").then().statusCode(200)
                .body("data.id", not(hasItem(invited.id().toString())));
        invite(owner, org, invitee.email(), "member");
    }

    @Test
    void another_address_is_refused_naming_the_invited_one_masked() {
        TestUser owner = fixture.provisionedUser("Wrong", "Owner");
        TestUser other = fixture.provisionedUser("Wrong", "Person");
        UUID org = team(owner, "Not Yours");
        Invited invited = invite(owner, org, "someone@example.test", "member");

        fixture.as(other).body(Map.of("token", invited.token())).post("/invitations/accept").then().statusCode(403)
                .body("error.message", containsString("s***@example.test"))
                .body("error.metadata.reason", equalTo("wrong_email"));
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ?", org)).isEqualTo(1);
        assertThat(fixture.single("SELECT accepted_at FROM invitations WHERE id = ?", invited.id())).isNull();
        // an unknown token is a plain 404
        fixture.as(other).body(Map.of("token", "inv_" + UUID.randomUUID())).post("/invitations/accept").then().statusCode(404);
    }

    @Test
    void who_may_invite_and_where() {
        TestUser owner = fixture.provisionedUser("Who", "Owner");
        TestUser admin = fixture.provisionedUser("Who", "Admin");
        TestUser member = fixture.provisionedUser("Who", "Member");
        UUID org = team(owner, "Gatekeeping");
        fixture.addMember(org, admin, "admin");
        fixture.addMember(org, member, "member");
        String invitations = "/organizations/" + org + "/invitations";

        fixture.as(member).body(Map.of("email", "x@example.test", "role", "member")).post(invitations).then().statusCode(403);
        fixture.as(member).get(invitations).then().statusCode(403);
        fixture.as(admin).body(Map.of("email", "x@example.test", "role", "owner")).post(invitations).then().statusCode(403)
                .body("error.metadata.required_role", equalTo("owner"));
        fixture.as(admin).body(Map.of("email", member.email().toUpperCase(), "role", "member")).post(invitations).then()
                .statusCode(409).body("error.metadata.reason", equalTo("already_member"));
        fixture.as(owner).body(Map.of("email", "x@example.test", "role", "member"))
                .post("/organizations/" + fixture.personalOrganization(owner) + "/invitations").then().statusCode(409)
                .body("error.metadata.reason", equalTo("personal_organization"));
        assertThat(fixture.count("SELECT count(*) FROM invitations WHERE invited_by IN (?, ?, ?)",
                fixture.userId(owner), fixture.userId(admin), fixture.userId(member))).isZero();

        Invited invited = invite(admin, org, "x@example.test", "admin");
        fixture.as(admin).body(Map.of("email", "X@example.test", "role", "member")).post(invitations).then().statusCode(409)
                .body("error.metadata.reason", equalTo("already_invited"));
        fixture.as(admin).delete(invitations + "/" + invited.id()).then().statusCode(204);
        assertThat(fixture.single("SELECT revoked_at FROM invitations WHERE id = ?", invited.id())).isNotNull();
        fixture.as(admin).delete(invitations + "/" + invited.id()).then().statusCode(404);
        // a stranger cannot see or revoke, whatever the id
        TestUser stranger = fixture.provisionedUser("Who", "Stranger");
        fixture.as(stranger).get(invitations).then().statusCode(404).body("error.message", equalTo("Organization not found"));
        fixture.as(stranger).delete(invitations + "/" + invited.id()).then().statusCode(404);
    }

    @Test
    void a_preview_names_the_organization_and_the_role_with_the_checks_of_accept_and_changes_nothing() {
        TestUser owner = fixture.provisionedUser("Pre", "Owner");
        TestUser invitee = fixture.provisionedUser("Pre", "Invitee");
        TestUser other = fixture.provisionedUser("Pre", "Other");
        UUID org = team(owner, "Preview & Co");
        Invited invited = invite(owner, org, invitee.email().toUpperCase(), "admin");

        for (int i = 0; i < 2; i++) { // as often as wanted: it writes nothing
            fixture.as(invitee).body(Map.of("token", invited.token())).post("/invitations/preview").then().statusCode(200)
                    .body("organization_id", equalTo(org.toString())).body("organization_name", equalTo("Preview & Co"))
                    .body("role", equalTo("admin")).body("email", equalTo(invitee.email().toUpperCase()))
                    .body("expires_at", startsWith("20"));
        }
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ?", org)).isEqualTo(1);
        assertThat(fixture.single("SELECT accepted_at FROM invitations WHERE id = ?", invited.id())).isNull();

        // accept's refusals, word for word
        fixture.as(other).body(Map.of("token", invited.token())).post("/invitations/preview").then().statusCode(403)
                .body("error.metadata.reason", equalTo("wrong_email"));
        fixture.as(other).body(Map.of("token", "inv_" + UUID.randomUUID())).post("/invitations/preview").then().statusCode(404)
                .body("error.message", equalTo("Invitation not found"));
        assertBadRequest(fixture.as(invitee).body("{}").post("/invitations/preview"), "token");
        fixture.as(owner).body(Map.of("token", invited.token())).post("/invitations/preview").then().statusCode(403);

        fixture.as(invitee).body(Map.of("token", invited.token())).post("/invitations/accept").then().statusCode(200);
        fixture.as(invitee).body(Map.of("token", invited.token())).post("/invitations/preview").then().statusCode(410)
                .body("error.metadata.reason", equalTo("used"));
        Invited revoked = invite(owner, org, other.email(), "member");
        fixture.as(owner).delete("/organizations/" + org + "/invitations/" + revoked.id()).then().statusCode(204);
        fixture.as(other).body(Map.of("token", revoked.token())).post("/invitations/preview").then().statusCode(410)
                .body("error.metadata.reason", equalTo("revoked"));
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ?", org)).isEqualTo(2);
    }

    @Test
    void a_revoked_invitation_cannot_be_accepted() {
        TestUser owner = fixture.provisionedUser("Rev", "Owner");
        TestUser invitee = fixture.provisionedUser("Rev", "Invitee");
        UUID org = team(owner, "Revoking");
        Invited invited = invite(owner, org, invitee.email(), "member");
        fixture.as(owner).delete("/organizations/" + org + "/invitations/" + invited.id()).then().statusCode(204);

        fixture.as(invitee).body(Map.of("token", invited.token())).post("/invitations/accept").then().statusCode(410)
                .body("error.metadata.reason", equalTo("revoked"));
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ?", org)).isEqualTo(1);
    }

    @Test
    void concurrent_accepts_of_one_token_let_exactly_one_through() throws Exception {
        TestUser owner = fixture.provisionedUser("Conc", "Owner");
        TestUser invitee = fixture.provisionedUser("Conc", "Invitee");
        UUID org = team(owner, "Concurrent");
        Invited invited = invite(owner, org, invitee.email(), "member");
        fixture.token(invitee);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return fixture.as(invitee).body(Map.of("token", invited.token())).post("/invitations/accept").statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> call : calls) {
                statuses.add(call.get());
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 410, 410);
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ? AND user_id = ?", org,
                fixture.userId(invitee))).isEqualTo(1);
    }

    @Test
    void bad_input_is_400_naming_the_field_and_writes_nothing() {
        TestUser owner = fixture.provisionedUser("Bad", "Inviter");
        UUID org = team(owner, "Bad Input");
        String invitations = "/organizations/" + org + "/invitations";
        for (String body : List.of("{\"email\":\"not-an-email\",\"role\":\"member\"}", "{\"email\":\"a@\",\"role\":\"member\"}",
                "{\"email\":\"@b.test\",\"role\":\"member\"}", "{\"email\":\"a b@c.test\",\"role\":\"member\"}",
                "{\"role\":\"member\"}", "{\"email\":5,\"role\":\"member\"}")) {
            assertBadRequest(fixture.as(owner).body(body).post(invitations), "email");
        }
        for (String body : List.of("{\"email\":\"ok@example.test\",\"role\":\"king\"}", "{\"email\":\"ok@example.test\"}")) {
            assertBadRequest(fixture.as(owner).body(body).post(invitations), "role");
        }
        assertBadRequest(fixture.as(owner).body("{\"email\":\"ok@example.test\",\"role\":\"member\",\"x\":1}").post(invitations), "x");
        assertBadRequest(fixture.as(owner).body("{}").post("/invitations/accept"), "token");
        assertBadRequest(fixture.as(owner).body("{\"token\":7}").post("/invitations/accept"), "token");
        assertThat(fixture.count("SELECT count(*) FROM invitations WHERE organization_id = ?", org)).isZero();
        assertThat(mailbox.getMailsSentTo("ok@example.test")).isNullOrEmpty();
    }

    private record Invited(UUID id, String token) {
    }

    private Invited invite(TestUser inviter, UUID org, String email, String role) {
        Response created = fixture.as(inviter).body(Map.of("email", email, "role", role))
                .post("/organizations/" + org + "/invitations");
        created.then().statusCode(201);
        String url = created.path("accept_url");
        return new Invited(UUID.fromString(created.path("id")), url.substring(url.indexOf("token=") + "token=".length()));
    }

    private static void assertBadRequest(Response response, String field) {
        response.then().statusCode(400).body("error.code", equalTo(400)).body("error.metadata.field", equalTo(field));
    }

    private UUID team(TestUser owner, String name) {
        return UUID.fromString(fixture.as(owner).body(Map.of("name", name)).post("/organizations")
                .then().statusCode(201).extract().path("id"));
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
