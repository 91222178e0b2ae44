package dev.switchboard.gateway.credit;

import java.util.UUID;

/**
 * This replica's in-memory view of one lease: an organization's credit or a key's limit. All fields are
 * guarded by the instance's monitor; nothing inside does I/O, so the lock is held for nanoseconds.
 * <p>
 * Invariant: {@code reserved + pending <= granted} as long as no request costs more than it reserved;
 * {@code granted} equals the lease row's {@code amount_nanos} once every refill and flush has landed.
 */
final class CreditAccount {

    enum Kind { ORGANIZATION, KEY }

    final Kind kind;
    final UUID organizationId;
    /** Set for key accounts. */
    final UUID apiKeyId;
    /** Set for key accounts: a key's change is notified by its hash. */
    final String keyHash;
    final UUID leaseId = UUID.randomUUID();

    /** Credit this replica holds in the database lease. */
    long granted;
    /** Worst cases of requests in flight. */
    long reserved;
    /** Actual costs settled but not yet written by metering. */
    long pending;
    /** Whether the lease row exists in the database. */
    boolean leaseRowExists;
    long lastActivityNanos = System.nanoTime();
    /** Refills of one account run one after another; this is the tail of that chain. */
    io.vertx.core.Future<Void> refillChain = io.vertx.core.Future.succeededFuture();

    CreditAccount(Kind kind, UUID organizationId, UUID apiKeyId, String keyHash) {
        this.kind = kind;
        this.organizationId = organizationId;
        this.apiKeyId = apiKeyId;
        this.keyHash = keyHash;
    }

    long available() {
        return granted - reserved - pending;
    }

    /** Takes {@code amount} from the local lease if it is there. */
    boolean tryReserve(long amount) {
        if (available() >= amount) {
            reserved += amount;
            lastActivityNanos = System.nanoTime();
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return kind + "[" + (apiKeyId != null ? apiKeyId : organizationId) + " granted=" + granted + " reserved=" + reserved
                + " pending=" + pending + "]";
    }
}
