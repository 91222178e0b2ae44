package dev.switchboard.accounts.users;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.accounts.organizations.OrganizationView;
import dev.switchboard.accounts.tenancy.OrganizationAccess;
import dev.switchboard.accounts.tenancy.Tenancy;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.OrganizationKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MeService {

    @Inject
    CurrentUser caller;
    @Inject
    Tenancy tenancy;

    /**
     * The caller (provisioned on their first call), their organizations and the current one: the organization named
     * by {@code X-Organization-Id} if they belong to it (else 404, as for any organization they cannot see),
     * otherwise their personal organization.
     */
    @Transactional
    public MeView me(String requestedOrganization) {
        UserView user = UserView.from(caller.user());
        List<OrganizationAccess> organizations = tenancy.organizations();
        OrganizationAccess current;
        if (requestedOrganization == null || requestedOrganization.isBlank()) {
            current = organizations.stream()
                    .filter(o -> o.organization().kind == OrganizationKind.PERSONAL && caller.id().equals(o.organization().personalUserId))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("user " + user.id() + " has no personal organization"));
        } else {
            current = tenancy.require(headerId(requestedOrganization), MemberRole.MEMBER);
        }
        return new MeView(user, organizations.stream().map(OrganizationView::from).toList(), OrganizationView.from(current));
    }

    /** Unlike a path segment, a header is a field of the request: a malformed id there is a 400 naming it. */
    private static UUID headerId(String raw) {
        try {
            return UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            throw AccountsException.badRequest(MeResource.ORGANIZATION_HEADER, "must be an organization id (a UUID)");
        }
    }
}
