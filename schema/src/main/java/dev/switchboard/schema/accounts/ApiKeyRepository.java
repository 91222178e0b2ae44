package dev.switchboard.schema.accounts;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public Optional<ApiKey> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResultOptional();
    }

    /**
     * The key with this hash if it may authenticate at {@code now} ({@link ApiKey#isUsableAt}) and its organization is
     * not deleted: what the services that take a key as the credential (the key API, the activity API) look up.
     */
    public Optional<ApiKey> findUsable(String keyHash, Instant now) {
        return getEntityManager().createQuery("""
                        SELECT k FROM ApiKey k, Organization o
                        WHERE o.id = k.organizationId AND k.keyHash = :hash AND o.deletedAt IS NULL""", ApiKey.class)
                .setParameter("hash", keyHash)
                .getResultStream()
                .filter(key -> key.isUsableAt(now))
                .findFirst();
    }
}
