package dev.switchboard.web.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What the dashboard asks of accounts-service. Every call runs as the signed-in user (their access token), so
 * accounts decides membership and roles; another organization's id comes back as its 404, which the page shows.
 */
@ApplicationScoped
public class AccountsClient {

    @Inject
    @RestClient
    AccountsRestClient rest;

    /** The caller, their organizations and the current one: {@code organizationId} if they belong to it (else 404). */
    public Me me(UUID organizationId) {
        return rest.me(organizationId == null ? null : organizationId.toString());
    }

    // --- settings ---

    /** A team organization with the caller as owner. */
    public Organization createOrganization(String name) {
        return rest.createOrganization(new NameBody(name));
    }

    public Organization renameOrganization(UUID organizationId, String name) {
        return rest.renameOrganization(organizationId, new NameBody(name));
    }

    /** Owner only; accounts' 409 says why not (personal organization, credit left, active keys). */
    public void deleteOrganization(UUID organizationId) {
        rest.deleteOrganization(organizationId);
    }

    public List<Member> members(UUID organizationId) {
        return rest.members(organizationId).data();
    }

    public Member changeRole(UUID organizationId, UUID userId, String role) {
        return rest.changeRole(organizationId, userId, new RoleBody(role));
    }

    /** Removes a member, or the caller themselves (leaving). */
    public void removeMember(UUID organizationId, UUID userId) {
        rest.removeMember(organizationId, userId);
    }

    public CreatedInvitation invite(UUID organizationId, String email, String role) {
        return rest.invite(organizationId, new InviteBody(email, role));
    }

    /** Pending invitations (owners and admins). */
    public List<Invitation> invitations(UUID organizationId) {
        return rest.invitations(organizationId).data();
    }

    public void revokeInvitation(UUID organizationId, UUID invitationId) {
        rest.revokeInvitation(organizationId, invitationId);
    }

    /** What accepting {@code token} would do, after accept's checks; nothing changes. */
    public InvitationPreview previewInvitation(String token) {
        return rest.previewInvitation(new TokenBody(token));
    }

    /** Joins the invitation's organization; answers it with the caller's new role. */
    public Organization acceptInvitation(String token) {
        return rest.acceptInvitation(new TokenBody(token));
    }

    public record NameBody(String name) {
    }

    public record RoleBody(String role) {
    }

    public record InviteBody(String email, String role) {
    }

    public record TokenBody(String token) {
    }

    public record Members(List<Member> data) {
    }

    public record Member(UUID userId, String email, String name, String role, OffsetDateTime joinedAt) {
    }

    public record Invitations(List<Invitation> data) {
    }

    public record Invitation(UUID id, UUID organizationId, String email, String role, UUID invitedBy, OffsetDateTime createdAt,
                             OffsetDateTime expiresAt) {
    }

    /** The answer to an invitation: the only time its accept link (with the single-use token) is shown. */
    public record CreatedInvitation(UUID id, UUID organizationId, String email, String role, UUID invitedBy,
                                    OffsetDateTime createdAt, OffsetDateTime expiresAt, String acceptUrl, boolean emailSent) {
    }

    public record InvitationPreview(UUID organizationId, String organizationName, String role, String email,
                                    OffsetDateTime expiresAt) {
    }

    public record Me(User user, List<Organization> organizations, Organization currentOrganization) {
    }

    public record User(UUID id, String email, String name) {
    }

    public record Organization(UUID id, String name, String kind, String role, OffsetDateTime createdAt) {

        /** Owners and admins manage keys, members, credit and settings; members read and use their own keys. */
        public boolean manager() {
            return "owner".equals(role) || "admin".equals(role);
        }

        public boolean personal() {
            return "personal".equals(kind);
        }
    }
}
