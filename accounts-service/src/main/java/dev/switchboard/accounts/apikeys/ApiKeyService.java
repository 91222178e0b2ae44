package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.accounts.tenancy.OrganizationAccess;
import dev.switchboard.accounts.tenancy.Tenancy;
import dev.switchboard.accounts.users.CurrentUser;
import dev.switchboard.schema.accounts.ApiKey;
import dev.switchboard.schema.accounts.ApiKeyRepository;
import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The dashboard's API keys of an organization. Every call starts at {@link Tenancy}; then a member reaches only the
 * keys they created (another member's key is the same 404 as a made-up id), admins and owners every key of the
 * organization. Only the SHA-256 hash and the display label of a secret are stored; the secret is answered once.
 */
@ApplicationScoped
public class ApiKeyService {

    @Inject
    Tenancy tenancy;
    @Inject
    CurrentUser caller;
    @Inject
    ApiKeyRepository keys;
    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /** A new key; management keys only for owners and admins. The organization row is locked, as a delete locks it. */
    @Transactional
    public CreatedApiKeyView create(UUID organizationId, CreateApiKeyRequest request) {
        OrganizationAccess access = tenancy.requireForUpdate(organizationId, MemberRole.MEMBER);
        if (request == null) {
            throw AccountsException.badRequest("body", "must be a JSON object");
        }
        boolean management = Boolean.TRUE.equals(request.management());
        ApiKeyChanges.Issued issued = ApiKeyChanges.issue(organizationId, caller.id(), request.name(), request.limit(),
                request.limitReset(), request.expiresAt(), request.rateLimitRpm(), request.rateLimitTpm(), management,
                clock.instant());
        if (management && access.role() == MemberRole.MEMBER) {
            throw AccountsException.forbidden("Only owners and admins may create a management key",
                    Map.of("required_role", "admin", "role", "member"));
        }
        ApiKey key = issued.key();
        keys.persist(key);
        return new CreatedApiKeyView(issued.secret(), ApiKeyView.from(key, caller.user().email, KeyUsage.NONE));
    }

    /** Live keys (never deleted ones), oldest first: all of the organization's for admins, their own for members. */
    @Transactional
    public List<ApiKeyView> list(UUID organizationId, boolean includeDisabled) {
        OrganizationAccess access = tenancy.require(organizationId, MemberRole.MEMBER);
        List<Object[]> rows = em.createQuery("""
                        SELECT k, u.email FROM ApiKey k LEFT JOIN User u ON u.id = k.createdBy
                        WHERE k.organizationId = :organization AND k.deletedAt IS NULL
                          AND (:everyone = true OR k.createdBy = :caller)
                          AND (:includeDisabled = true OR k.disabled = false)
                        ORDER BY k.createdAt, k.id""", Object[].class)
                .setParameter("organization", organizationId)
                .setParameter("everyone", seesEveryKey(access))
                .setParameter("caller", caller.id())
                .setParameter("includeDisabled", includeDisabled)
                .getResultList();
        Map<UUID, KeyUsage> usage = KeyUsage.read(em, organizationId,
                rows.stream().map(row -> ((ApiKey) row[0]).id).toList(), today());
        return rows.stream()
                .map(row -> {
                    ApiKey key = (ApiKey) row[0];
                    return ApiKeyView.from(key, (String) row[1], usage.getOrDefault(key.id, KeyUsage.NONE));
                })
                .toList();
    }

    @Transactional
    public ApiKeyView get(UUID organizationId, String keyId) {
        OrganizationAccess access = tenancy.require(organizationId, MemberRole.MEMBER);
        return view(find(access, keyId, false));
    }

    /** Changes the fields present in the body; the whole result is checked before the row is written. */
    @Transactional
    public ApiKeyView update(UUID organizationId, String keyId, UpdateApiKeyRequest request) {
        OrganizationAccess access = tenancy.requireForUpdate(organizationId, MemberRole.MEMBER);
        ApiKey key = find(access, keyId, true);
        ApiKeyChanges.update(key, request, clock.instant());
        return view(key);
    }

    /** Soft delete: the row stays for the generations that point at it; the gateways drop the key at once. */
    @Transactional
    public void delete(UUID organizationId, String keyId) {
        OrganizationAccess access = tenancy.requireForUpdate(organizationId, MemberRole.MEMBER);
        ApiKey key = find(access, keyId, true);
        key.deletedAt = clock.instant();
        key.updatedAt = key.deletedAt;
    }

    /** A live key of the organization the caller may reach, or the one 404 for every other case. */
    private ApiKey find(OrganizationAccess access, String rawId, boolean lock) {
        UUID id;
        try {
            id = UUID.fromString(rawId);
        } catch (IllegalArgumentException e) {
            throw AccountsException.apiKeyNotFound();
        }
        List<ApiKey> found = em.createQuery("""
                        SELECT k FROM ApiKey k
                        WHERE k.id = :id AND k.organizationId = :organization AND k.deletedAt IS NULL
                          AND (:everyone = true OR k.createdBy = :caller)""", ApiKey.class)
                .setParameter("id", id)
                .setParameter("organization", access.organization().id)
                .setParameter("everyone", seesEveryKey(access))
                .setParameter("caller", caller.id())
                .setLockMode(lock ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE)
                .getResultList();
        if (found.isEmpty()) {
            throw AccountsException.apiKeyNotFound();
        }
        return found.getFirst();
    }

    private ApiKeyView view(ApiKey key) {
        User creator = key.createdBy == null ? null : em.find(User.class, key.createdBy);
        KeyUsage usage = KeyUsage.read(em, key.organizationId, List.of(key.id), today()).getOrDefault(key.id, KeyUsage.NONE);
        return ApiKeyView.from(key, creator == null ? null : creator.email, usage);
    }

    private static boolean seesEveryKey(OrganizationAccess access) {
        return access.role() != MemberRole.MEMBER;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
