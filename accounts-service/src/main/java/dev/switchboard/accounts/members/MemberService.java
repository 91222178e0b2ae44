package dev.switchboard.accounts.members;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.accounts.tenancy.OrganizationAccess;
import dev.switchboard.accounts.tenancy.Tenancy;
import dev.switchboard.accounts.users.CurrentUser;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.Membership;
import dev.switchboard.schema.accounts.MembershipRepository;
import dev.switchboard.schema.accounts.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An organization's members: list, change a role, remove or leave. Every change locks the organization
 * ({@link Tenancy#requireForUpdate}), so the rule "an organization keeps at least one owner" is checked against
 * committed data: two owners demoting or removing each other at once cannot both succeed.
 */
@ApplicationScoped
public class MemberService {

    /** The one text for a user id that names no member of this organization, whatever the reason. */
    public static final String MEMBER_NOT_FOUND = "Member not found";

    @Inject
    Tenancy tenancy;
    @Inject
    CurrentUser caller;
    @Inject
    MembershipRepository memberships;
    @Inject
    EntityManager em;

    /** Every member, oldest first; any member may list. */
    @Transactional
    public List<MemberView> list(UUID organizationId) {
        tenancy.require(organizationId, MemberRole.MEMBER);
        return em.createQuery("""
                        SELECT m, u FROM Membership m, User u
                        WHERE m.userId = u.id AND m.organizationId = :org
                        ORDER BY m.createdAt, u.id""", Object[].class)
                .setParameter("org", organizationId)
                .getResultList().stream()
                .map(row -> view((Membership) row[0], (User) row[1]))
                .toList();
    }

    /** Owners change any role; admins change admins and members, never an owner, never to owner. */
    @Transactional
    public MemberView changeRole(UUID organizationId, String rawUserId, ChangeRoleRequest request) {
        // tenancy first: whatever a stranger sends, the answer is the 404 of an unknown organization
        OrganizationAccess access = tenancy.requireForUpdate(organizationId, MemberRole.ADMIN);
        MemberRole callerRole = roleAfterLock(access, MemberRole.ADMIN);
        Membership target = member(organizationId, rawUserId);
        MemberRole role = MemberRoles.parse("role", request == null ? null : request.role());
        if (target.role == MemberRole.OWNER) {
            requireOwner(callerRole, "Only an owner can change an owner's role");
        }
        MemberRoles.requireMayGrant(callerRole, role);
        if (target.role == MemberRole.OWNER && role != MemberRole.OWNER) {
            refuseIfLastOwner(organizationId, "The last owner cannot be demoted; make another member an owner first");
        }
        target.role = role;
        return view(target, em.find(User.class, target.userId));
    }

    /** Owners and admins remove members (an admin never an owner); anyone removes themselves (leaves). */
    @Transactional
    public void remove(UUID organizationId, String rawUserId) {
        OrganizationAccess access = tenancy.requireForUpdate(organizationId, MemberRole.MEMBER);
        MemberRole callerRole = roleAfterLock(access, MemberRole.MEMBER);
        Membership target = member(organizationId, rawUserId);
        boolean leaving = target.userId.equals(caller.id());
        if (!leaving) {
            if (callerRole == MemberRole.MEMBER) {
                throw forbidden(MemberRole.ADMIN, callerRole, "Removing another member needs the role admin or higher");
            }
            if (target.role == MemberRole.OWNER) {
                requireOwner(callerRole, "Only an owner can remove an owner");
            }
        }
        if (target.role == MemberRole.OWNER) {
            refuseIfLastOwner(organizationId, leaving
                    ? "The last owner cannot leave; make another member an owner first"
                    : "The last owner cannot be removed; make another member an owner first");
        }
        memberships.delete(target);
    }

    /**
     * The caller's role read again after the organization is locked: Tenancy read it before waiting for the lock,
     * and a concurrent change we waited for may have demoted or removed the caller.
     */
    private MemberRole roleAfterLock(OrganizationAccess access, MemberRole atLeast) {
        Membership own = memberships.findById(new Membership.Key(access.organization().id, caller.id()));
        if (own == null) {
            throw AccountsException.organizationNotFound();
        }
        if (own.role.ordinal() > atLeast.ordinal()) {
            throw forbidden(atLeast, own.role, "This action needs the role " + MemberRoles.name(atLeast) + " or higher in the organization");
        }
        return own.role;
    }

    private Membership member(UUID organizationId, String rawUserId) {
        UUID userId;
        try {
            userId = UUID.fromString(rawUserId);
        } catch (IllegalArgumentException e) {
            throw AccountsException.notFound(MEMBER_NOT_FOUND);
        }
        Membership membership = memberships.findById(new Membership.Key(organizationId, userId));
        if (membership == null) {
            throw AccountsException.notFound(MEMBER_NOT_FOUND);
        }
        return membership;
    }

    private void refuseIfLastOwner(UUID organizationId, String message) {
        long owners = memberships.count("organizationId = ?1 and role = ?2", organizationId, MemberRole.OWNER);
        if (owners <= 1) {
            throw AccountsException.conflict(message, Map.of("reason", "last_owner"));
        }
    }

    private static void requireOwner(MemberRole callerRole, String message) {
        if (callerRole != MemberRole.OWNER) {
            throw forbidden(MemberRole.OWNER, callerRole, message);
        }
    }

    private static AccountsException forbidden(MemberRole required, MemberRole actual, String message) {
        return AccountsException.forbidden(message,
                Map.of("required_role", MemberRoles.name(required), "role", MemberRoles.name(actual)));
    }

    private static MemberView view(Membership membership, User user) {
        return new MemberView(user.id, user.email, user.name, MemberRoles.name(membership.role), membership.createdAt);
    }
}
