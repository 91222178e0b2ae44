package dev.switchboard.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.clients.AccountsClient.Member;
import dev.switchboard.web.clients.AccountsClient.Organization;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The controls /settings offers follow accounts' role rules (docs/api-accounts.md, "Members and invitations"). */
class SettingsViewTest {

    static final UUID ME = UUID.randomUUID();
    static final Member OWNER = new Member(UUID.randomUUID(), "o@example.test", null, "owner", null);
    static final Member ADMIN = new Member(UUID.randomUUID(), "a@example.test", null, "admin", null);
    static final Member MEMBER = new Member(UUID.randomUUID(), "m@example.test", null, "member", null);

    static SettingsView as(String role, String kind) {
        Organization org = new Organization(UUID.randomUUID(), "Org", kind, role, null);
        return new SettingsView(ME, org, List.of(org), List.of(), null, null, null, null, Map.of());
    }

    static Member me(String role) {
        return new Member(ME, "me@example.test", null, role, null);
    }

    @Test
    void an_owner_changes_and_removes_anyone_and_grants_every_role() {
        SettingsView owner = as("owner", "team");
        assertThat(List.of(OWNER, ADMIN, MEMBER)).allMatch(owner::canChangeRole).allMatch(owner::canRemove);
        assertThat(owner.grantable()).containsExactly("owner", "admin", "member");
        assertThat(owner.manager()).isTrue();
    }

    @Test
    void an_admin_never_touches_an_owner_nor_makes_one() {
        SettingsView admin = as("admin", "team");
        assertThat(admin.canChangeRole(OWNER)).isFalse();
        assertThat(admin.canRemove(OWNER)).isFalse();
        assertThat(List.of(ADMIN, MEMBER)).allMatch(admin::canChangeRole).allMatch(admin::canRemove);
        assertThat(admin.grantable()).containsExactly("admin", "member");
    }

    @Test
    void a_member_manages_nobody_but_may_leave_a_team() {
        SettingsView member = as("member", "team");
        assertThat(List.of(OWNER, ADMIN, MEMBER, me("member"))).noneMatch(member::canChangeRole).noneMatch(member::canRemove);
        assertThat(member.manager()).isFalse();
        assertThat(member.canLeave(me("member"))).isTrue();
        assertThat(member.canLeave(MEMBER)).isFalse();
    }

    @Test
    void oneself_is_left_not_removed_and_a_personal_organization_cannot_be_left() {
        SettingsView owner = as("owner", "team");
        assertThat(owner.canRemove(me("owner"))).isFalse();
        assertThat(owner.canLeave(me("owner"))).isTrue(); // accounts refuses the last owner, with its message
        assertThat(as("owner", "personal").canLeave(me("owner"))).isFalse();
    }
}
