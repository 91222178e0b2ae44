package dev.switchboard.accounts.users;

import dev.switchboard.accounts.organizations.OrganizationView;
import java.util.List;

/** {@code GET /me}: the caller, every organization they belong to, and the one this request acts for. */
public record MeView(UserView user, List<OrganizationView> organizations, OrganizationView currentOrganization) {
}
