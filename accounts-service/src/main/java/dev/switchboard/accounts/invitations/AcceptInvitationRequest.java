package dev.switchboard.accounts.invitations;

/** Body of {@code POST /invitations/accept}: the token from the accept link. */
public record AcceptInvitationRequest(String token) {
}
