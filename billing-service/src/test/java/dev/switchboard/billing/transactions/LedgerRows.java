package dev.switchboard.billing.transactions;

import dev.switchboard.testkit.seed.Tenants;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Ledger entries written straight into the test database, at a chosen instant (the ledger takes any past instant). */
public record LedgerRows(Tenants tenants) {

    public UUID entry(UUID org, String kind, long nanos, String reference, Instant at, UUID createdBy) {
        UUID id = UUID.randomUUID();
        tenants.exec("""
                INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference, description, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                id, org, kind, nanos, reference, kind + " " + (reference == null ? "" : reference), createdBy, at.atOffset(ZoneOffset.UTC));
        return id;
    }

    public UUID usage(UUID org, long nanos, Instant at) {
        return entry(org, "usage", nanos, null, at, null);
    }
}
