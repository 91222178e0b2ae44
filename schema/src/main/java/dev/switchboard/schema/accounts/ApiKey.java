package dev.switchboard.schema.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key of an organization. Only the SHA-256 hash of the secret is stored. Owner: accounts-service
 * (the gateway reads it, and updates nothing but {@code last_used_at}).
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {
    @Id
    public UUID id;
    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;
    @Column(name = "created_by")
    public UUID createdBy;
    @Column(nullable = false)
    public String name;
    @Column(name = "display_prefix", nullable = false)
    public String displayPrefix;
    /** Lower-case hex SHA-256 of the whole secret. */
    @Column(name = "key_hash", nullable = false, unique = true)
    public String keyHash;
    /** Credit limit in nano-USD per {@link #limitReset} period (or in total when that is null); null = no limit. */
    @Column(name = "limit_nanos")
    public Long limitNanos;
    @Convert(converter = LimitReset.Column.class)
    @Column(name = "limit_reset")
    public LimitReset limitReset;
    /** Requests per minute this key may make; null = the gateway's default for keys. */
    @Column(name = "rate_limit_rpm")
    public Integer rateLimitRpm;
    /** Tokens (prompt + completion) per minute this key may use; null = the gateway's default for keys. */
    @Column(name = "rate_limit_tpm")
    public Long rateLimitTpm;
    @Column(nullable = false)
    public boolean disabled;
    @Column(name = "is_management", nullable = false)
    public boolean management;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** Whether the key may authenticate at {@code now}: not disabled, not deleted, not expired. */
    public boolean isUsableAt(Instant now) {
        return !disabled && deletedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
