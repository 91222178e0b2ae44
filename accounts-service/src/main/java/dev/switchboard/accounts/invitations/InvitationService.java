package dev.switchboard.accounts.invitations;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.accounts.members.MemberRoles;
import dev.switchboard.accounts.organizations.OrganizationView;
import dev.switchboard.accounts.tenancy.OrganizationAccess;
import dev.switchboard.accounts.tenancy.Tenancy;
import dev.switchboard.accounts.users.CurrentUser;
import dev.switchboard.accounts.users.TokenIdentity;
import dev.switchboard.schema.accounts.Invitation;
import dev.switchboard.schema.accounts.InvitationRepository;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.Membership;
import dev.switchboard.schema.accounts.MembershipRepository;
import dev.switchboard.schema.accounts.Organization;
import dev.switchboard.schema.accounts.OrganizationKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Invitations by e-mail: owners and admins invite an address with a role; whoever logs in with that address accepts
 * with the single-use token of the link and joins. Only the token's SHA-256 is stored.
 */
@ApplicationScoped
public class InvitationService {

    static final Duration VALIDITY = Duration.ofDays(7);
    static final String INVITATION_NOT_FOUND = "Invitation not found";
    /** Something@something, no blanks; {@code invitations.email} holds at most 320 characters. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int MAX_EMAIL = 320;

    /** What an invitation answers once: the invitation and its accept link. */
    public record Issued(InvitationView invitation, String organizationName, String acceptUrl) {
    }

    @Inject
    Tenancy tenancy;
    @Inject
    CurrentUser caller;
    @Inject
    JsonWebToken token;
    @Inject
    InvitationRepository invitations;
    @Inject
    MembershipRepository memberships;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "switchboard.accounts.accept-url-base", defaultValue = "http://localhost:8081/invitations/accept")
    String acceptUrlBase;

    /** Owners and admins invite; only an owner invites an owner. The organization is locked so checks hold at commit. */
    @Transactional
    public Issued invite(UUID organizationId, InviteRequest request) {
        OrganizationAccess access = tenancy.requireForUpdate(organizationId, MemberRole.ADMIN);
        String email = validEmail(request == null ? null : request.email());
        MemberRole role = MemberRoles.parse("role", request.role());
        MemberRoles.requireMayGrant(access.role(), role);
        if (access.organization().kind == OrganizationKind.PERSONAL) {
            throw AccountsException.conflict("A personal organization has only its owner; create a team organization to invite others",
                    Map.of("reason", "personal_organization"));
        }
        long members = ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id
                        WHERE m.organization_id = :org AND lower(u.email) = lower(:email)""")
                .setParameter("org", organizationId)
                .setParameter("email", email)
                .getSingleResult()).longValue();
        if (members > 0) {
            throw AccountsException.conflict("This address already belongs to a member", Map.of("reason", "already_member"));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (Invitation pending : invitations.list("organizationId = ?1 and lower(email) = lower(?2) and acceptedAt is null and revokedAt is null",
                organizationId, email)) {
            if (pending.expiresAt.isAfter(now)) {
                throw AccountsException.conflict("This address already has a pending invitation; revoke it to invite again",
                        Map.of("reason", "already_invited", "invitation_id", pending.id));
            }
            pending.revokedAt = now; // an expired one gives way (one pending invitation per address)
        }
        em.flush(); // the revocations before the insert: the unique index counts pending rows
        String secret = InvitationTokens.generate();
        Invitation invitation = new Invitation();
        invitation.id = UUID.randomUUID();
        invitation.organizationId = organizationId;
        invitation.email = email;
        invitation.role = role;
        invitation.invitedBy = caller.id();
        invitation.createdAt = now;
        invitation.expiresAt = now.plus(VALIDITY);
        invitation.tokenHash = InvitationTokens.hash(secret);
        invitations.persist(invitation);
        String acceptUrl = acceptUrlBase + (acceptUrlBase.contains("?") ? "&" : "?") + "token="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return new Issued(InvitationView.from(invitation), access.organization().name, acceptUrl);
    }

    /** Pending invitations (neither accepted, revoked nor expired), oldest first. */
    @Transactional
    public List<InvitationView> pending(UUID organizationId) {
        tenancy.require(organizationId, MemberRole.ADMIN);
        return invitations.list("organizationId = ?1 and acceptedAt is null and revokedAt is null and expiresAt > ?2 order by createdAt, id",
                        organizationId, Instant.now()).stream()
                .map(InvitationView::from)
                .toList();
    }

    @Transactional
    public void revoke(UUID organizationId, String rawId) {
        tenancy.requireForUpdate(organizationId, MemberRole.ADMIN);
        UUID id;
        try {
            id = UUID.fromString(rawId);
        } catch (IllegalArgumentException e) {
            throw AccountsException.notFound(INVITATION_NOT_FOUND);
        }
        Invitation invitation = invitations.findById(id);
        if (invitation == null || !invitation.organizationId.equals(organizationId)
                || invitation.acceptedAt != null || invitation.revokedAt != null) {
            throw AccountsException.notFound(INVITATION_NOT_FOUND);
        }
        invitation.revokedAt = Instant.now();
    }

    /**
     * The caller joins with the invitation's role if the address of their token is the invited one. The invitation's
     * row is locked first, so of two concurrent accepts of one token the second sees it used.
     */
    @Transactional
    public OrganizationView accept(AcceptInvitationRequest request) {
        Acceptable acceptable = acceptable(request, true);
        Invitation invitation = acceptable.invitation();
        UUID userId = caller.id();
        Membership membership = new Membership();
        membership.organizationId = invitation.organizationId;
        membership.userId = userId;
        membership.role = invitation.role;
        membership.createdAt = Instant.now();
        memberships.persist(membership);
        invitation.acceptedAt = membership.createdAt;
        invitation.acceptedBy = userId;
        em.flush();
        return OrganizationView.from(tenancy.require(invitation.organizationId, MemberRole.MEMBER));
    }

    /**
     * What accepting would do, for a page that asks "Join … as …?" first: the organization and the role, after exactly
     * the checks of {@link #accept} (the same refusals, in the same order); nothing is written or locked.
     */
    @Transactional
    public InvitationPreview preview(AcceptInvitationRequest request) {
        Acceptable acceptable = acceptable(request, false);
        Invitation invitation = acceptable.invitation();
        return new InvitationPreview(invitation.organizationId, acceptable.organization().name, MemberRoles.name(invitation.role),
                invitation.email, invitation.expiresAt);
    }

    private record Acceptable(Invitation invitation, Organization organization) {
    }

    /** The invitation of the token, if the caller may accept it now; {@code lock}: its row is locked for the accept. */
    private Acceptable acceptable(AcceptInvitationRequest request, boolean lock) {
        String secret = request == null ? null : request.token();
        if (secret == null || secret.isBlank()) {
            throw AccountsException.badRequest("token", "is required");
        }
        var query = em.createQuery("FROM Invitation WHERE tokenHash = :hash", Invitation.class)
                .setParameter("hash", InvitationTokens.hash(secret.strip()));
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        List<Invitation> found = query.getResultList();
        if (found.isEmpty()) {
            throw AccountsException.notFound(INVITATION_NOT_FOUND);
        }
        Invitation invitation = found.getFirst();
        String callerEmail = TokenIdentity.from(token).email();
        if (!callerEmail.toLowerCase(Locale.ROOT).equals(invitation.email.toLowerCase(Locale.ROOT))) {
            throw AccountsException.forbidden("This invitation is for " + masked(invitation.email)
                            + "; log in with that address to accept it",
                    Map.of("reason", "wrong_email", "invited_email", masked(invitation.email)));
        }
        if (invitation.acceptedAt != null) {
            throw gone("This invitation has already been used", "used");
        }
        if (invitation.revokedAt != null) {
            throw gone("This invitation has been revoked", "revoked");
        }
        if (!invitation.expiresAt.isAfter(Instant.now())) {
            throw gone("This invitation has expired; ask for a new one", "expired");
        }
        Organization organization = em.find(Organization.class, invitation.organizationId);
        if (organization.deletedAt != null) {
            throw gone("The organization of this invitation no longer exists", "organization_deleted");
        }
        if (memberships.findById(new Membership.Key(invitation.organizationId, caller.id())) != null) {
            throw AccountsException.conflict("You are already a member of this organization", Map.of("reason", "already_member"));
        }
        return new Acceptable(invitation, organization);
    }

    private static String validEmail(String raw) {
        if (raw == null) {
            throw AccountsException.badRequest("email", "is required");
        }
        String email = raw.strip();
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches() || email.codePoints().anyMatch(Character::isISOControl)) {
            throw AccountsException.badRequest("email", "must be an e-mail address");
        }
        return email;
    }

    /** {@code a***@example.com}: enough for the right person to recognise, not a full address for anyone else. */
    static String masked(String email) {
        int at = email.indexOf('@');
        return email.charAt(0) + "***" + email.substring(at);
    }

    private static AccountsException gone(String message, String reason) {
        return new AccountsException(410, message, Map.of("reason", reason));
    }
}
