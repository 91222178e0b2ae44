package dev.switchboard.accounts.organizations;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.accounts.tenancy.OrganizationAccess;
import dev.switchboard.accounts.tenancy.Tenancy;
import dev.switchboard.accounts.users.CurrentUser;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.Membership;
import dev.switchboard.schema.accounts.MembershipRepository;
import dev.switchboard.schema.accounts.Organization;
import dev.switchboard.schema.accounts.OrganizationKind;
import dev.switchboard.schema.accounts.OrganizationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Team organizations: create, list, rename, delete. Every access to an existing one goes through {@link Tenancy}. */
@ApplicationScoped
public class OrganizationService {

    @Inject
    Tenancy tenancy;
    @Inject
    CurrentUser caller;
    @Inject
    OrganizationRepository organizations;
    @Inject
    MembershipRepository memberships;
    @Inject
    EntityManager em;

    /** A team organization with the caller as its owner. */
    @Transactional
    public OrganizationView create(CreateOrganizationRequest request) {
        String name = OrganizationName.valid("name", request == null ? null : request.name());
        Organization organization = new Organization();
        organization.id = UUID.randomUUID();
        organization.name = name;
        organization.kind = OrganizationKind.TEAM;
        organization.createdAt = Instant.now();
        organizations.persist(organization);
        Membership owner = new Membership();
        owner.organizationId = organization.id;
        owner.userId = caller.id();
        owner.role = MemberRole.OWNER;
        owner.createdAt = organization.createdAt;
        memberships.persist(owner);
        return OrganizationView.from(new OrganizationAccess(organization, MemberRole.OWNER));
    }

    @Transactional
    public List<OrganizationView> list() {
        return tenancy.organizations().stream().map(OrganizationView::from).toList();
    }

    @Transactional
    public OrganizationView get(UUID id) {
        return OrganizationView.from(tenancy.require(id, MemberRole.MEMBER));
    }

    /** Owners and admins may rename; the personal organization too (it is the user's to name). */
    @Transactional
    public OrganizationView rename(UUID id, RenameOrganizationRequest request) {
        // tenancy first: whatever a stranger sends, the answer is the 404 of an unknown organization
        OrganizationAccess access = tenancy.requireForUpdate(id, MemberRole.ADMIN);
        access.organization().name = OrganizationName.valid("name", request == null ? null : request.name());
        return OrganizationView.from(access);
    }

    /**
     * Soft delete by the owner (deleted_at; the database then tells the gateways to drop its keys). Refused while
     * the organization still holds credit or usable keys, so nothing of value disappears with it; the personal
     * organization is never deleted.
     */
    @Transactional
    public void delete(UUID id) {
        OrganizationAccess access = tenancy.requireForUpdate(id, MemberRole.OWNER);
        Organization organization = access.organization();
        if (organization.kind == OrganizationKind.PERSONAL) {
            throw AccountsException.conflict("The personal organization cannot be deleted",
                    Map.of("reason", "personal_organization"));
        }
        long balance = ((Number) em.createNativeQuery("""
                        SELECT COALESCE((SELECT balance_nanos FROM organization_balances WHERE organization_id = :id), 0)""")
                .setParameter("id", id)
                .getSingleResult()).longValue();
        if (balance > 0) {
            throw AccountsException.conflict("The organization still holds credit; spend or refund it before deleting",
                    Map.of("reason", "credit_remaining", "balance_nanos", balance));
        }
        long activeKeys = ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM api_keys
                        WHERE organization_id = :id AND deleted_at IS NULL AND NOT disabled
                          AND (expires_at IS NULL OR expires_at > now())""")
                .setParameter("id", id)
                .getSingleResult()).longValue();
        if (activeKeys > 0) {
            throw AccountsException.conflict("The organization still has active API keys; delete or disable them first",
                    Map.of("reason", "active_api_keys", "active_keys", activeKeys));
        }
        organization.deletedAt = Instant.now();
    }
}
