package dev.switchboard.billing.tenancy;

import dev.switchboard.billing.api.BillingException;
import dev.switchboard.schema.accounts.ApiKey;
import dev.switchboard.schema.accounts.ApiKeyRepository;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.MembershipRepository;
import dev.switchboard.schema.accounts.UserRepository;
import dev.switchboard.shared.keys.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The one way to reach an organization's billing: every organization-scoped read or write starts here. The caller
 * is the bearer token's Keycloak subject; their role comes from the one membership query every service shares
 * ({@link MembershipRepository#roleInLiveOrganization}). accounts-service provisions users on their first call;
 * billing-service only reads, so a subject it has never seen belongs to no organization. An organization that does
 * not exist, is deleted, or that the caller does not belong to is the same 404; only a member who lacks the role
 * for an action learns that it exists (403).
 */
@ApplicationScoped
public class Tenancy {

    @Inject
    JsonWebToken token;
    @Inject
    UserRepository users;
    @Inject
    MembershipRepository memberships;
    @Inject
    ApiKeyRepository keys;

    /** The caller's access to {@code organizationId}, if they hold at least {@code atLeast}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OrganizationAccess require(UUID organizationId, MemberRole atLeast) {
        UUID user = callerId();
        MemberRole role = memberships.roleInLiveOrganization(user, organizationId).orElseThrow(BillingException::organizationNotFound);
        // MemberRole is declared from most to least powerful
        if (role.ordinal() > atLeast.ordinal()) {
            throw BillingException.forbidden("This action needs the role " + name(atLeast) + " or higher in the organization",
                    Map.of("required_role", name(atLeast), "role", name(role)));
        }
        return new OrganizationAccess(organizationId, user, role);
    }

    /**
     * The organization a management key acts for, from an {@code Authorization: Bearer sk-sb-v1-…} header (the
     * OpenRouter APIs that take a key, not a user's token, as the credential). As accounts-service's key API, with the
     * same lookup and texts ({@link ApiKeyRepository#findUsable}, {@link ApiKeys}): no usable key (missing, malformed,
     * unknown, disabled, deleted, expired, or of a deleted organization) is 401; a usable inference key is 403 saying
     * that {@code purpose} needs a management key.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ManagementKeyAccess requireManagementKey(String authorization, String purpose) {
        String secret = ApiKeys.bearerSecret(authorization);
        ApiKey key = secret == null ? null : keys.findUsable(ApiKeys.hash(secret), Instant.now()).orElse(null);
        if (key == null) {
            throw BillingException.unauthorized(ApiKeys.INVALID_MANAGEMENT_KEY);
        }
        if (!key.management) {
            throw BillingException.forbidden(ApiKeys.inferenceKeyRefused(purpose), null);
        }
        return new ManagementKeyAccess(key.organizationId, key.id);
    }

    /**
     * An organization id as written in a URL path. A malformed one names no organization, so it answers exactly
     * like an unknown one (404), not 400: the path is the resource's name, not a field of the request.
     */
    public static UUID pathId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw BillingException.organizationNotFound();
        }
    }

    private UUID callerId() {
        return users.findBySubject(token.getSubject()).orElseThrow(BillingException::organizationNotFound).id;
    }

    private static String name(MemberRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
