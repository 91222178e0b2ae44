package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.accounts.tenancy.ManagementAccess;
import dev.switchboard.accounts.tenancy.Tenancy;
import dev.switchboard.schema.accounts.ApiKey;
import dev.switchboard.schema.accounts.ApiKeyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The OpenRouter key API for one management key: it reaches the inference keys of its own organization only.
 * Management keys are made and changed in the dashboard alone, so a leaked management key cannot mint, disable or
 * delete management keys; to this API they do not exist (404). Keys it creates are credited to the management key's
 * creator.
 */
@ApplicationScoped
public class OpenRouterKeyService {

    /** How many keys one list answer holds at most; {@code offset} pages on. */
    static final int PAGE_SIZE = 100;
    private static final Pattern HASH = Pattern.compile("^[0-9a-f]{64}$");

    @Inject
    Tenancy tenancy;
    @Inject
    ApiKeyRepository keys;
    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    @Transactional
    public OpenRouterKeyView.Many list(String authorization, boolean includeDisabled, int offset) {
        ManagementAccess access = tenancy.requireManagementKey(authorization);
        List<ApiKey> found = em.createQuery("""
                        SELECT k FROM ApiKey k
                        WHERE k.organizationId = :organization AND k.deletedAt IS NULL AND k.management = false
                          AND (:includeDisabled = true OR k.disabled = false)
                        ORDER BY k.createdAt, k.id""", ApiKey.class)
                .setParameter("organization", access.organization().id)
                .setParameter("includeDisabled", includeDisabled)
                .setFirstResult(offset)
                .setMaxResults(PAGE_SIZE)
                .getResultList();
        Map<java.util.UUID, KeyUsage> usage = KeyUsage.read(em, access.organization().id,
                found.stream().map(k -> k.id).toList(), today());
        return new OpenRouterKeyView.Many(found.stream()
                .map(k -> OpenRouterKeyView.from(k, usage.getOrDefault(k.id, KeyUsage.NONE)))
                .toList());
    }

    /** A new inference key of the management key's organization. */
    @Transactional
    public OpenRouterKeyView.Created create(String authorization, OpenRouterCreateKeyRequest request) {
        ManagementAccess access = tenancy.requireManagementKey(authorization);
        if (request == null) {
            throw AccountsException.badRequest("body", "must be a JSON object");
        }
        noByok(request.includeByokInLimit());
        ApiKeyChanges.Issued issued = ApiKeyChanges.issue(access.organization().id, access.managementKey().createdBy,
                request.name(), request.limit(), request.limitReset(), request.expiresAt(), null, null, false,
                clock.instant());
        keys.persist(issued.key());
        return new OpenRouterKeyView.Created(OpenRouterKeyView.from(issued.key(), KeyUsage.NONE), issued.secret());
    }

    @Transactional
    public OpenRouterKeyView.One get(String authorization, String hash) {
        ManagementAccess access = tenancy.requireManagementKey(authorization);
        return new OpenRouterKeyView.One(view(find(access, hash, false)));
    }

    @Transactional
    public OpenRouterKeyView.One update(String authorization, String hash, OpenRouterUpdateKeyRequest request) {
        ManagementAccess access = tenancy.requireManagementKey(authorization);
        ApiKey key = find(access, hash, true);
        if (request != null) {
            noByok(request.includeByokInLimit());
        }
        ApiKeyChanges.update(key, request, clock.instant());
        return new OpenRouterKeyView.One(view(key));
    }

    /** Soft delete, as in the dashboard. */
    @Transactional
    public OpenRouterKeyView.Deleted delete(String authorization, String hash) {
        ManagementAccess access = tenancy.requireManagementKey(authorization);
        ApiKey key = find(access, hash, true);
        key.deletedAt = clock.instant();
        key.updatedAt = key.deletedAt;
        return new OpenRouterKeyView.Deleted(true);
    }

    /** A live inference key of the management key's organization, or the one 404 for every other hash. */
    private ApiKey find(ManagementAccess access, String hash, boolean lock) {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw AccountsException.apiKeyNotFound();
        }
        List<ApiKey> found = em.createQuery("""
                        SELECT k FROM ApiKey k
                        WHERE k.keyHash = :hash AND k.organizationId = :organization AND k.deletedAt IS NULL
                          AND k.management = false""", ApiKey.class)
                .setParameter("hash", hash)
                .setParameter("organization", access.organization().id)
                .setLockMode(lock ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE)
                .getResultList();
        if (found.isEmpty()) {
            throw AccountsException.apiKeyNotFound();
        }
        return found.getFirst();
    }

    private OpenRouterKeyView view(ApiKey key) {
        return OpenRouterKeyView.from(key, KeyUsage.read(em, key.organizationId, List.of(key.id), today())
                .getOrDefault(key.id, KeyUsage.NONE));
    }

    private static void noByok(Boolean includeByokInLimit) {
        if (Boolean.TRUE.equals(includeByokInLimit)) {
            throw AccountsException.badRequest("include_byok_in_limit", "must be false: Switchboard has no BYOK");
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
