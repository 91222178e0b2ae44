package dev.switchboard.accounts.invitations;

import dev.switchboard.accounts.members.MemberRoles;
import dev.switchboard.schema.accounts.Invitation;
import java.time.Instant;
import java.util.UUID;

/** A pending invitation as owners and admins see it; the token is never part of it. */
public record InvitationView(UUID id, UUID organizationId, String email, String role, UUID invitedBy, Instant createdAt,
        Instant expiresAt) {

    static InvitationView from(Invitation invitation) {
        return new InvitationView(invitation.id, invitation.organizationId, invitation.email, MemberRoles.name(invitation.role),
                invitation.invitedBy, invitation.createdAt, invitation.expiresAt);
    }
}
