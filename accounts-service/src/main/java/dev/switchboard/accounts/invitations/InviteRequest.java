package dev.switchboard.accounts.invitations;

/** Body of {@code POST /organizations/{org}/invitations}. */
public record InviteRequest(String email, String role) {
}
