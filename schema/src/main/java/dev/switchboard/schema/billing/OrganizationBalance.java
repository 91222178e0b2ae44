package dev.switchboard.schema.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The balance projection of the ledger, maintained by a database trigger: read it, never write its
 * balance. {@code leasedNanos} is the credit gateway replicas hold as leases.
 */
@Entity
@Table(name = "organization_balances")
public class OrganizationBalance {
    @Id
    @Column(name = "organization_id")
    public UUID organizationId;
    @Column(name = "balance_nanos", nullable = false)
    public long balanceNanos;
    @Column(name = "leased_nanos", nullable = false)
    public long leasedNanos;
    @Column(name = "total_credits_nanos", nullable = false)
    public long totalCreditsNanos;
    @Column(name = "total_usage_nanos", nullable = false)
    public long totalUsageNanos;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Credit nobody holds yet: balance minus leases. */
    public long availableNanos() {
        return balanceNanos - leasedNanos;
    }
}
