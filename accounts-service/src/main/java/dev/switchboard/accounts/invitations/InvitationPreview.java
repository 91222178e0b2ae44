package dev.switchboard.accounts.invitations;

import java.time.Instant;
import java.util.UUID;

/**
 * What accepting an invitation would do ({@code POST /invitations/preview}): join {@code organizationName} as
 * {@code role}. Shown to the invited person themselves (their token's address is the invited one), so the address is
 * not masked.
 */
public record InvitationPreview(UUID organizationId, String organizationName, String role, String email, Instant expiresAt) {
}
