package dev.switchboard.accounts.invitations;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer to an invitation: the only time the accept link (with its single-use token) is shown, so the inviter
 * can pass it on themselves; {@code email_sent} says whether it also went out by e-mail.
 */
public record CreatedInvitationView(UUID id, UUID organizationId, String email, String role, UUID invitedBy,
        Instant createdAt, Instant expiresAt, String acceptUrl, boolean emailSent) {

    static CreatedInvitationView of(InvitationView view, String acceptUrl, boolean emailSent) {
        return new CreatedInvitationView(view.id(), view.organizationId(), view.email(), view.role(), view.invitedBy(),
                view.createdAt(), view.expiresAt(), acceptUrl, emailSent);
    }
}
