package dev.switchboard.schema.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An append-only credit movement (the database refuses UPDATE and DELETE). Inserting one updates the
 * organization's {@link OrganizationBalance} in the same transaction. Owner: billing-service, except
 * usage entries, which the gateway writes with each metering batch.
 */
@Entity
@Table(name = "ledger_entries")
public class LedgerEntry {
    @Id
    public UUID id;
    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;
    @Convert(converter = LedgerEntryKind.Column.class)
    @Column(nullable = false)
    public LedgerEntryKind kind;
    /** Signed amount in nano-USD. */
    @Column(name = "amount_nanos", nullable = false)
    public long amountNanos;
    /** Idempotency key, unique across the ledger (e.g. a Stripe Checkout Session id). */
    @Column(name = "external_reference", unique = true)
    public String externalReference;
    public String description;
    @Column(name = "created_by")
    public UUID createdBy;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
