package dev.switchboard.gateway.metering;

import dev.switchboard.gateway.credit.LeaseStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** What a metering batch costs, written inside its transaction: the usage ledger entries and the lease shrinks. */
final class UsageCharges {

    private UsageCharges() {
    }

    /**
     * Inside a metering transaction: one usage ledger entry per organization for the batch's cost, and the
     * matching shrink of the leases it was charged against. Returns how much each lease shrank.
     */
    static Map<UUID, Long> charge(Connection c, List<GenerationRecord> batch) throws SQLException {
        // in one order of organizations, as every replica's batches lock their balance rows in it (no deadlock)
        Map<UUID, Long> costByOrganization = new TreeMap<>();
        for (GenerationRecord g : batch) {
            costByOrganization.merge(g.organizationId(), g.costNanos(), Math::addExact);
        }
        String batchId = UUID.randomUUID().toString();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO ledger_entries (id, organization_id, kind, amount_nanos, external_reference, description)
                VALUES (?, ?, 'usage', ?, ?, ?)""")) {
            for (Map.Entry<UUID, Long> e : costByOrganization.entrySet()) {
                if (e.getValue() == 0) {
                    continue;
                }
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, e.getKey());
                s.setLong(3, -e.getValue());
                s.setString(4, "usage:" + batchId + ":" + e.getKey());
                s.setString(5, "usage batch " + batchId);
                s.addBatch();
            }
            s.executeBatch();
        }
        // the lease's kind from the generations, not from this process's leases: a generation from the journal of a
        // process that died was charged against that process's lease, which may not have expired yet
        Map<UUID, GenerationRecord> holders = new HashMap<>();
        for (GenerationRecord g : batch) {
            if (g.organizationLeaseId() != null) {
                holders.putIfAbsent(g.organizationLeaseId(), g);
            }
            if (g.keyLeaseId() != null) {
                holders.putIfAbsent(g.keyLeaseId(), g);
            }
        }
        Map<UUID, Long> shrunk = new HashMap<>();
        for (Map.Entry<UUID, Long> e : costByLease(batch).entrySet()) {
            GenerationRecord g = holders.get(e.getKey());
            boolean organizationLease = e.getKey().equals(g.organizationLeaseId());
            shrunk.put(e.getKey(), LeaseStore.consume(c, e.getKey(), g.organizationId(), organizationLease, e.getValue()));
        }
        return shrunk;
    }

    /** What the batch costs per lease it was charged against (the organization's, and the key's when limited). */
    static Map<UUID, Long> costByLease(List<GenerationRecord> batch) {
        Map<UUID, Long> costByLease = new LinkedHashMap<>();
        for (GenerationRecord g : batch) {
            if (g.costNanos() > 0) {
                if (g.organizationLeaseId() != null) {
                    costByLease.merge(g.organizationLeaseId(), g.costNanos(), Math::addExact);
                }
                if (g.keyLeaseId() != null) {
                    costByLease.merge(g.keyLeaseId(), g.costNanos(), Math::addExact);
                }
            }
        }
        return costByLease;
    }
}
