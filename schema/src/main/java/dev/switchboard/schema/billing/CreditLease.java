package dev.switchboard.schema.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A slice of available credit held by one gateway replica. Owner: gateway-service. */
@Entity
@Table(name = "credit_leases")
public class CreditLease {
    @Id
    public UUID id;
    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;
    /** Set when the lease is a slice of a key's remaining limit rather than of the organization's credit. */
    @Column(name = "api_key_id")
    public UUID apiKeyId;
    @Column(nullable = false)
    public String holder;
    @Column(name = "amount_nanos", nullable = false)
    public long amountNanos;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "renewed_at", nullable = false)
    public Instant renewedAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
