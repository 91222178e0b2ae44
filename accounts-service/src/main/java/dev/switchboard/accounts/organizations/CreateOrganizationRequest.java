package dev.switchboard.accounts.organizations;

/** Body of {@code POST /organizations}. */
public record CreateOrganizationRequest(String name) {
}
