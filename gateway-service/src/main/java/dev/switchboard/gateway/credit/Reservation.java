package dev.switchboard.gateway.credit;

/**
 * Credit held for one request in flight: its worst-case cost, taken from the organization's lease and, for
 * a key with a limit, from the key's lease. Settle or release it exactly once.
 */
public final class Reservation {

    final CreditAccount organization;
    final CreditAccount key;
    final long amountNanos;
    private boolean done;

    Reservation(CreditAccount organization, CreditAccount key, long amountNanos) {
        this.organization = organization;
        this.key = key;
        this.amountNanos = amountNanos;
    }

    /** The database lease ids the cost of this request is charged against (the organization's, then the key's or null). */
    public java.util.UUID organizationLeaseId() {
        return organization.leaseId;
    }

    public java.util.UUID keyLeaseId() {
        return key == null ? null : key.leaseId;
    }

    synchronized boolean markDone() {
        if (done) {
            return false;
        }
        done = true;
        return true;
    }
}
