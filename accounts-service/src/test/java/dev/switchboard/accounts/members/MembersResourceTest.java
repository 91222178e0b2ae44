package dev.switchboard.accounts.members;

import dev.switchboard.accounts.AccountsTestBase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.switchboard.testkit.keycloak.TestUsers.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MembersResourceTest extends AccountsTestBase {


    @Test
    void any_member_lists_the_members_with_email_name_role_and_joined_at() {
        TestUser owner = fixture.provisionedUser("Ada", "Owner");
        TestUser member = fixture.provisionedUser("Bob", "Member");
        UUID org = team(owner, "Listed");
        fixture.addMember(org, member, "member");

        fixture.as(member).get("/organizations/" + org + "/members").then().statusCode(200)
                .body("data.user_id", contains(fixture.userId(owner).toString(), fixture.userId(member).toString()))
                .body("data.email", contains(owner.email(), member.email()))
                .body("data.name", contains("Ada Owner", "Bob Member"))
                .body("data.role", contains("owner", "member"))
                .body("data[0].joined_at", notNullValue());
    }

    @Test
    void role_changes_follow_the_callers_role() {
        TestUser owner = fixture.provisionedUser("Role", "Owner");
        TestUser admin = fixture.provisionedUser("Role", "Admin");
        TestUser member = fixture.provisionedUser("Role", "Member");
        UUID org = team(owner, "Roles");
        fixture.addMember(org, admin, "admin");
        fixture.addMember(org, member, "member");
        String members = "/organizations/" + org + "/members/";

        // a member changes nobody, not even themselves
        fixture.as(member).body(Map.of("role", "admin")).patch(members + fixture.userId(member)).then().statusCode(403)
                .body("error.metadata.required_role", equalTo("admin"));
        // an admin promotes a member to admin, but makes no owner and touches no owner
        fixture.as(admin).body(Map.of("role", "owner")).patch(members + fixture.userId(member)).then().statusCode(403)
                .body("error.metadata.required_role", equalTo("owner"));
        fixture.as(admin).body(Map.of("role", "member")).patch(members + fixture.userId(owner)).then().statusCode(403)
                .body("error.metadata.required_role", equalTo("owner"));
        assertThat(roles(org)).containsExactlyInAnyOrderEntriesOf(Map.of(
                fixture.userId(owner), "owner", fixture.userId(admin), "admin", fixture.userId(member), "member"));
        fixture.as(admin).body(Map.of("role", "admin")).patch(members + fixture.userId(member)).then().statusCode(200)
                .body("user_id", equalTo(fixture.userId(member).toString())).body("role", equalTo("admin"))
                .body("email", equalTo(member.email()));
        assertThat(roles(org)).containsEntry(fixture.userId(member), "admin");
        // the owner makes another owner
        fixture.as(owner).body(Map.of("role", "owner")).patch(members + fixture.userId(admin)).then().statusCode(200)
                .body("role", equalTo("owner"));
        assertThat(roles(org)).containsExactlyInAnyOrderEntriesOf(Map.of(
                fixture.userId(owner), "owner", fixture.userId(admin), "owner", fixture.userId(member), "admin"));
    }

    @Test
    void bad_role_is_400_naming_the_field_and_changes_nothing() {
        TestUser owner = fixture.provisionedUser("Bad", "Role");
        TestUser member = fixture.provisionedUser("Bad", "Target");
        UUID org = team(owner, "Bad Roles");
        fixture.addMember(org, member, "member");
        String path = "/organizations/" + org + "/members/" + fixture.userId(member);
        for (String body : List.of("{\"role\":\"king\"}", "{\"role\":\"OWNER\"}", "{}", "{\"role\":null}", "{\"role\":1}",
                "{\"role\":\"admin\",\"x\":1}")) {
            Response response = fixture.as(owner).body(body).patch(path);
            response.then().statusCode(400).body("error.code", equalTo(400));
            assertThat((String) response.path("error.metadata.field")).isIn("role", "x");
        }
        assertThat(roles(org)).containsEntry(fixture.userId(member), "member");
    }

    @Test
    void admins_remove_members_but_not_owners_members_remove_nobody_anyone_leaves() {
        TestUser owner = fixture.provisionedUser("Rm", "Owner");
        TestUser admin = fixture.provisionedUser("Rm", "Admin");
        TestUser member = fixture.provisionedUser("Rm", "Member");
        TestUser leaver = fixture.provisionedUser("Rm", "Leaver");
        UUID org = team(owner, "Removals");
        fixture.addMember(org, admin, "admin");
        fixture.addMember(org, member, "member");
        fixture.addMember(org, leaver, "member");
        String members = "/organizations/" + org + "/members/";

        fixture.as(member).delete(members + fixture.userId(leaver)).then().statusCode(403);
        fixture.as(admin).delete(members + fixture.userId(owner)).then().statusCode(403)
                .body("error.metadata.required_role", equalTo("owner"));
        assertThat(roles(org)).hasSize(4);

        fixture.as(admin).delete(members + fixture.userId(member)).then().statusCode(204);
        fixture.as(leaver).delete(members + fixture.userId(leaver)).then().statusCode(204);
        assertThat(roles(org)).containsOnlyKeys(fixture.userId(owner), fixture.userId(admin));
        // gone means gone: the organization is now unknown to them
        fixture.as(leaver).get("/organizations/" + org).then().statusCode(404);
        fixture.as(owner).delete(members + fixture.userId(admin)).then().statusCode(204);
        assertThat(roles(org)).containsOnlyKeys(fixture.userId(owner));
    }

    @Test
    void the_last_owner_cannot_leave_be_removed_or_be_demoted() {
        TestUser owner = fixture.provisionedUser("Last", "Owner");
        TestUser admin = fixture.provisionedUser("Last", "Admin");
        UUID org = team(owner, "One Owner");
        fixture.addMember(org, admin, "admin");
        String self = "/organizations/" + org + "/members/" + fixture.userId(owner);

        fixture.as(owner).body(Map.of("role", "admin")).patch(self).then().statusCode(409)
                .body("error.metadata.reason", equalTo("last_owner"))
                .body("error.message", equalTo("The last owner cannot be demoted; make another member an owner first"));
        fixture.as(owner).delete(self).then().statusCode(409).body("error.metadata.reason", equalTo("last_owner"));
        // the personal organization's owner is its last owner too
        fixture.as(owner).delete("/organizations/" + fixture.personalOrganization(owner) + "/members/" + fixture.userId(owner))
                .then().statusCode(409).body("error.metadata.reason", equalTo("last_owner"));
        assertThat(roles(org)).containsEntry(fixture.userId(owner), "owner");
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ?", fixture.personalOrganization(owner)))
                .isEqualTo(1);

        // with a second owner, the first may step down
        fixture.as(owner).body(Map.of("role", "owner")).patch("/organizations/" + org + "/members/" + fixture.userId(admin))
                .then().statusCode(200);
        fixture.as(owner).body(Map.of("role", "member")).patch(self).then().statusCode(200).body("role", equalTo("member"));
        assertThat(roles(org)).containsExactlyInAnyOrderEntriesOf(Map.of(
                fixture.userId(owner), "member", fixture.userId(admin), "owner"));
    }

    @Test
    void two_owners_demoting_each_other_at_once_leave_exactly_one_owner() throws Exception {
        for (int round = 0; round < 4; round++) {
            // whoever loses the lock has become a member by then and may change no one (403)
            assertOwnerRace(round, false, 403);
        }
    }

    @Test
    void two_owners_stepping_down_at_once_leave_exactly_one_owner() throws Exception {
        for (int round = 0; round < 4; round++) {
            // whoever loses the lock is then the last owner (409)
            assertOwnerRace(round, true, 409);
        }
    }

    /** Two owners demote, at the same moment, each other ({@code self} false) or themselves: exactly one succeeds. */
    private void assertOwnerRace(int round, boolean self, int loserStatus) throws Exception {
        TestUser first = fixture.provisionedUser("Race", "First");
        TestUser second = fixture.provisionedUser("Race", "Second");
        UUID org = team(first, "Race " + round);
        fixture.addMember(org, second, "owner");
        String firstPath = "/organizations/" + org + "/members/" + fixture.userId(first);
        String secondPath = "/organizations/" + org + "/members/" + fixture.userId(second);
        fixture.token(first);
        fixture.token(second);

        CountDownLatch start = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> a = pool.submit(() -> {
                start.await();
                return fixture.as(first).body(Map.of("role", "member")).patch(self ? firstPath : secondPath).statusCode();
            });
            Future<Integer> b = pool.submit(() -> {
                start.await();
                return fixture.as(second).body(Map.of("role", "member")).patch(self ? secondPath : firstPath).statusCode();
            });
            start.countDown();
            statuses.add(a.get());
            statuses.add(b.get());
        }
        assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, loserStatus);
        assertThat(fixture.count("SELECT count(*) FROM memberships WHERE organization_id = ? AND role = 'owner'", org))
                .as("owners after round %d", round).isEqualTo(1);
    }

    @Test
    void another_organizations_members_and_unknown_ids_are_the_same_404_and_change_nothing() {
        TestUser owner = fixture.provisionedUser("Iso", "Owner");
        TestUser stranger = fixture.provisionedUser("Iso", "Stranger");
        UUID org = team(owner, "Mine");
        UUID theirs = team(stranger, "Theirs");
        String members = "/organizations/" + org + "/members/";

        for (String id : List.of(fixture.userId(stranger).toString(), UUID.randomUUID().toString(), "not-a-uuid")) {
            fixture.as(owner).body(Map.of("role", "member")).patch(members + id).then().statusCode(404)
                    .body("error.message", equalTo("Member not found"));
            fixture.as(owner).delete(members + id).then().statusCode(404)
                    .body("error.message", equalTo("Member not found"));
        }
        // a non-member learns nothing about the organization, whatever the user id
        fixture.as(stranger).get("/organizations/" + org + "/members").then().statusCode(404)
                .body("error.message", equalTo("Organization not found"));
        fixture.as(stranger).delete(members + fixture.userId(owner)).then().statusCode(404)
                .body("error.message", equalTo("Organization not found"));
        fixture.as(stranger).body(Map.of("role", "member")).patch(members + fixture.userId(owner)).then().statusCode(404)
                .body("error.message", equalTo("Organization not found"));
        assertThat(roles(org)).containsExactlyInAnyOrderEntriesOf(Map.of(fixture.userId(owner), "owner"));
        assertThat(roles(theirs)).containsExactlyInAnyOrderEntriesOf(Map.of(fixture.userId(stranger), "owner"));
    }

    private Map<UUID, String> roles(UUID org) {
        Map<UUID, String> roles = new java.util.HashMap<>();
        for (Map<String, Object> row : fixture.rows("SELECT user_id, role FROM memberships WHERE organization_id = ?", org)) {
            roles.put((UUID) row.get("user_id"), (String) row.get("role"));
        }
        return roles;
    }

    private UUID team(TestUser owner, String name) {
        return UUID.fromString(fixture.as(owner).body(Map.of("name", name)).post("/organizations")
                .then().statusCode(201).extract().path("id"));
    }
}
