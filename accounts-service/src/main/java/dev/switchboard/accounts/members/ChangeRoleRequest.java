package dev.switchboard.accounts.members;

/** Body of {@code PATCH /organizations/{org}/members/{userId}}. */
public record ChangeRoleRequest(String role) {
}
