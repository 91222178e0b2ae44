package dev.switchboard.accounts.organizations;

/** Body of {@code PATCH /organizations/{id}}: the name is the only thing a client may change. */
public record RenameOrganizationRequest(String name) {
}
