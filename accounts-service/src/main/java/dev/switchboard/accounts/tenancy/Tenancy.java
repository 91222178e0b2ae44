package dev.switchboard.accounts.tenancy;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.accounts.users.CurrentUser;
import dev.switchboard.schema.accounts.ApiKey;
import dev.switchboard.schema.accounts.ApiKeyRepository;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.MembershipRepository;
import dev.switchboard.schema.accounts.Organization;
import dev.switchboard.shared.keys.ApiKeys;
import java.time.Instant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The one way to reach an organization: every organization-scoped read or write starts here, with the caller's
 * membership joined in the same query, so no code path can forget the tenant condition. An organization that does
 * not exist, is deleted, or that the caller does not belong to is the same 404 ("Organization not found"); only a
 * member who lacks the role for an action learns that the organization exists (403).
 */
@ApplicationScoped
public class Tenancy {

    @Inject
    CurrentUser caller;
    @Inject
    EntityManager em;
    @Inject
    MembershipRepository memberships;
    @Inject
    ApiKeyRepository keys;

    /** The caller's access to {@code organizationId}, if they hold at least {@code atLeast}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OrganizationAccess require(UUID organizationId, MemberRole atLeast) {
        MemberRole role = roleIn(organizationId);
        Organization organization = em.find(Organization.class, organizationId);
        return checked(new OrganizationAccess(organization, role), atLeast);
    }

    /**
     * As {@link #require}, with the organization's row locked until the transaction ends, for changes whose checks
     * must still hold at commit (a delete must not race a rename, a new key or a second delete). {@code FOR UPDATE}
     * also makes inserts that reference the organization (a key, a ledger entry) wait for the outcome.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OrganizationAccess requireForUpdate(UUID organizationId, MemberRole atLeast) {
        MemberRole role = roleIn(organizationId);
        // lock first, then load: the entity is read after the lock, so it is not a stale copy
        em.createNativeQuery("SELECT 1 FROM organizations WHERE id = :id FOR UPDATE")
                .setParameter("id", organizationId)
                .getResultList();
        Organization organization = em.find(Organization.class, organizationId);
        if (organization.deletedAt != null) {
            throw AccountsException.organizationNotFound(); // deleted by a concurrent call we waited for
        }
        return checked(new OrganizationAccess(organization, role), atLeast);
    }

    /** What an inference key is told when it calls the key API. */
    public static final String INFERENCE_KEY_REFUSED = ApiKeys.inferenceKeyRefused("managing keys");

    /**
     * The organization a management key acts for, from the {@code Authorization: Bearer sk-sb-v1-…} header of the
     * OpenRouter key API (no user, no token: the key is the credential). Missing, malformed, unknown, disabled,
     * deleted or expired, or of a deleted organization: 401; a usable inference key: 403. The lookup and the texts are
     * shared with billing-service's activity API ({@link ApiKeyRepository#findUsable}, {@link ApiKeys}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ManagementAccess requireManagementKey(String authorization) {
        String secret = ApiKeys.bearerSecret(authorization);
        ApiKey key = secret == null ? null : keys.findUsable(ApiKeys.hash(secret), Instant.now()).orElse(null);
        if (key == null) {
            throw AccountsException.unauthorized(ApiKeys.INVALID_MANAGEMENT_KEY);
        }
        if (!key.management) {
            throw AccountsException.forbidden(INFERENCE_KEY_REFUSED, null);
        }
        return new ManagementAccess(em.find(Organization.class, key.organizationId), key);
    }

    /** Every live organization the caller belongs to, with their role, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<OrganizationAccess> organizations() {
        return em.createQuery("""
                        SELECT o, m.role FROM Organization o, Membership m
                        WHERE m.organizationId = o.id AND m.userId = :user AND o.deletedAt IS NULL
                        ORDER BY o.createdAt, o.id""", Object[].class)
                .setParameter("user", caller.id())
                .getResultList().stream()
                .map(row -> new OrganizationAccess((Organization) row[0], (MemberRole) row[1]))
                .toList();
    }

    /**
     * An organization id as written in a URL path. A malformed one names no organization, so it answers exactly
     * like an unknown one (404), not 400: the path is the resource's name, not a field of the request.
     */
    public static UUID pathId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw AccountsException.organizationNotFound();
        }
    }

    private MemberRole roleIn(UUID organizationId) {
        return memberships.roleInLiveOrganization(caller.id(), organizationId).orElseThrow(AccountsException::organizationNotFound);
    }

    private static OrganizationAccess checked(OrganizationAccess access, MemberRole atLeast) {
        // MemberRole is declared from most to least powerful
        if (access.role().ordinal() > atLeast.ordinal()) {
            throw AccountsException.forbidden("This action needs the role " + name(atLeast) + " or higher in the organization",
                    Map.of("required_role", name(atLeast), "role", name(access.role())));
        }
        return access;
    }

    private static String name(MemberRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
