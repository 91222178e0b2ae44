package dev.switchboard.web.settings;

import dev.switchboard.web.clients.AccountsClient.CreatedInvitation;
import dev.switchboard.web.clients.AccountsClient.Invitation;
import dev.switchboard.web.clients.AccountsClient.Member;
import dev.switchboard.web.clients.AccountsClient.Organization;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What /settings shows, and which controls: the same role rules as accounts (docs/api-accounts.md), so a person is
 * offered only what accounts would let them do; accounts still decides, and its refusal (the last owner, say) is shown.
 *
 * @param invitations the pending invitations, or null when the person may not see them (members; personal organization)
 * @param created     the invitation just made, whose link is shown this once, or null
 * @param error       accounts' refusal of the form in {@code errorSection}, or null
 * @param values      what the failed form held, to show it again
 */
public record SettingsView(UUID me, Organization current, List<Organization> organizations, List<Member> members,
                           List<Invitation> invitations, CreatedInvitation created, String error, String errorSection,
                           Map<String, String> values) {

    public static final List<String> ROLES = List.of("owner", "admin", "member");

    public boolean manager() {
        return current.manager();
    }

    public boolean owner() {
        return "owner".equals(current.role());
    }

    public boolean team() {
        return !current.personal();
    }

    public boolean self(Member member) {
        return member.userId().equals(me);
    }

    /** Owners change anyone's role; admins change admins and members, never an owner. */
    public boolean canChangeRole(Member member) {
        return owner() || ("admin".equals(current.role()) && !"owner".equals(member.role()));
    }

    /** The roles this person may give (and invite with): an owner any, an admin admin or member. */
    public List<String> grantable() {
        return owner() ? ROLES : ROLES.subList(1, 3);
    }

    /** Removing someone else follows the role rule; oneself is "Leave" (any role, but not a personal organization). */
    public boolean canRemove(Member member) {
        return !self(member) && canChangeRole(member);
    }

    public boolean canLeave(Member member) {
        return self(member) && team();
    }

    public boolean errorIn(String section) {
        return error != null && section.equals(errorSection);
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }
}
