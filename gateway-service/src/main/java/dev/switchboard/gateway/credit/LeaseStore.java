package dev.switchboard.gateway.credit;

import dev.switchboard.schema.accounts.LimitReset;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The database side of credit leases: short JDBC transactions, run on worker threads, never on an event loop.
 * The database is the truth: credit leased to one replica is no longer available to any other.
 */
@Singleton
public class LeaseStore {

    @Inject
    DataSource dataSource;

    /**
     * What a refill got: {@code taken} nano-USD added to the lease (≥ the need), or a shortfall; with a shortfall,
     * {@code heldElsewhere} is what other replicas' live leases hold of the same credit (0: the shortfall is real).
     */
    record Grant(long taken, InsufficientCreditException shortfall, long heldElsewhere) {

        Grant(long taken) {
            this(taken, null, 0);
        }
    }

    /** The NOTIFY channel on which a replica short of credit asks the others to hand back what they hold unused. */
    static final String CREDIT_WANTED = "credit_wanted";

    /**
     * Leases between {@code need} and {@code slice} more of the organization's available credit
     * (balance − everything leased), or reports the shortfall when even {@code need} is not there.
     */
    Grant acquireForOrganization(CreditAccount account, long need, long slice, String holder, Duration ttl) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockBalance(c, account.organizationId);
                reclaimExpired(c, account.organizationId);
                long balance = 0;
                long leased = 0;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT balance_nanos, leased_nanos FROM organization_balances WHERE organization_id = ? FOR UPDATE")) {
                    s.setObject(1, account.organizationId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            balance = rs.getLong(1);
                            leased = rs.getLong(2);
                        }
                    }
                }
                long available = balance - leased;
                if (available < need) {
                    long elsewhere = heldElsewhere(c, account, holder);
                    c.rollback();
                    // what this replica itself holds unreserved is part of the available credit the client sees
                    return new Grant(0, InsufficientCreditException.organization(need + localFree(account), available + localFree(account), balance),
                            elsewhere);
                }
                long take = Math.min(Math.max(slice, need), available);
                update(c, "UPDATE organization_balances SET leased_nanos = leased_nanos + ?, updated_at = now() WHERE organization_id = ?",
                        take, account.organizationId);
                upsertLease(c, account, take, holder, ttl);
                c.commit();
                return new Grant(take);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Leases part of a key's remaining limit for the current period: limit − usage this period − what every
     * replica holds leased for the key. Serialised per key with an advisory lock (the key row belongs to
     * accounts-service, so it is not locked).
     */
    Grant acquireForKey(CreditAccount account, long need, long slice, String holder, Duration ttl) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    s.setString(1, "key-lease:" + account.apiKeyId);
                    s.executeQuery().close();
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM credit_leases WHERE api_key_id = ? AND expires_at < now()")) {
                    s.setObject(1, account.apiKeyId);
                    s.executeUpdate();
                }
                Long limit = null;
                String reset = null;
                try (PreparedStatement s = c.prepareStatement("SELECT limit_nanos, limit_reset FROM api_keys WHERE id = ?")) {
                    s.setObject(1, account.apiKeyId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            limit = (Long) rs.getObject(1);
                            reset = rs.getString(2);
                        }
                    }
                }
                if (limit == null) {
                    c.rollback();
                    return new Grant(Math.max(slice, need)); // the limit was removed meanwhile: nothing to enforce
                }
                LimitReset period = reset == null ? null : LimitReset.valueOf(reset.toUpperCase(Locale.ROOT));
                long remaining = limit - usedAndLeased(c, account.apiKeyId, periodStart(period, Instant.now()));
                if (remaining < need) {
                    long elsewhere = heldElsewhere(c, account, holder);
                    c.rollback();
                    return new Grant(0, InsufficientCreditException.keyLimit(need + localFree(account), remaining + localFree(account), limit,
                            period == null ? "total" : period.name().toLowerCase(Locale.ROOT)), elsewhere);
                }
                long take = Math.min(Math.max(slice, need), remaining);
                upsertLease(c, account, take, holder, ttl);
                c.commit();
                return new Grant(take);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Asks every other replica to hand back what it holds of this credit unreserved ({@code NOTIFY credit_wanted}
     * with {@code o:<organization>} or {@code k:<key>} and the asking holder, which ignores its own notification).
     */
    void wanted(CreditAccount account, String holder) throws SQLException {
        String payload = (account.kind == CreditAccount.Kind.ORGANIZATION ? "o:" + account.organizationId : "k:" + account.apiKeyId)
                + "|" + holder;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, CREDIT_WANTED);
            s.setString(2, payload);
            s.executeQuery().close();
        }
    }

    /** What other holders' live leases hold of the account's credit (the organization's, or the key's limit). */
    private static long heldElsewhere(Connection c, CreditAccount account, String holder) throws SQLException {
        String sql = account.kind == CreditAccount.Kind.ORGANIZATION
                ? "SELECT coalesce(sum(amount_nanos), 0) FROM credit_leases WHERE organization_id = ? AND api_key_id IS NULL AND holder <> ? AND expires_at >= now()"
                : "SELECT coalesce(sum(amount_nanos), 0) FROM credit_leases WHERE api_key_id = ? AND holder <> ? AND expires_at >= now()";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, account.kind == CreditAccount.Kind.ORGANIZATION ? account.organizationId : account.apiKeyId);
            s.setString(2, holder);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Hands {@code amount} of a lease back (idle return, shutdown, another replica wanting it). */
    void giveBack(CreditAccount account, long amount, boolean deleteRow) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (account.kind == CreditAccount.Kind.ORGANIZATION) {
                    lockBalance(c, account.organizationId);
                }
                long returned = consume(c, account.leaseId, account.organizationId, account.kind == CreditAccount.Kind.ORGANIZATION, amount);
                if (deleteRow) {
                    update(c, "DELETE FROM credit_leases WHERE id = ? AND amount_nanos = 0", account.leaseId);
                }
                c.commit();
                if (returned != amount) {
                    throw new IllegalStateException("lease " + account.leaseId + " held less than " + amount + ": " + returned);
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Extends the expiry of this replica's leases (they are reclaimed by others once expired). */
    void renew(java.util.Collection<UUID> leaseIds, Duration ttl) throws SQLException {
        if (leaseIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE credit_leases SET renewed_at = now(), expires_at = now() + ? * interval '1 millisecond' WHERE id = ANY (?)")) {
            s.setLong(1, ttl.toMillis());
            s.setArray(2, c.createArrayOf("uuid", leaseIds.toArray()));
            s.executeUpdate();
        }
    }

    /**
     * Inside a metering transaction: shrinks a lease by the cost charged against it (the usage ledger entry
     * of the same transaction lowers the balance by the same amount, so available credit is unchanged), and
     * for an organization lease the organization's leased total too. Returns how much the lease shrank:
     * the cost, or what was left of the lease when a request cost more than it reserved.
     */
    public static long consume(Connection c, UUID leaseId, UUID organizationId, boolean organizationLease, long cost) throws SQLException {
        if (cost <= 0) {
            return 0;
        }
        long amount;
        try (PreparedStatement s = c.prepareStatement("SELECT amount_nanos FROM credit_leases WHERE id = ? FOR UPDATE")) {
            s.setObject(1, leaseId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return 0; // reclaimed after this replica was presumed dead: nothing is held any more
                }
                amount = rs.getLong(1);
            }
        }
        long shrink = Math.min(amount, cost);
        update(c, "UPDATE credit_leases SET amount_nanos = amount_nanos - ? WHERE id = ?", shrink, leaseId);
        if (organizationLease) {
            update(c, "UPDATE organization_balances SET leased_nanos = leased_nanos - ? WHERE organization_id = ?", shrink, organizationId);
        }
        return shrink;
    }

    /**
     * Every transaction that touches both an organization's balance row and its lease rows locks the balance row
     * first, as a ledger entry does (its trigger updates the balance, then metering shrinks the leases): one lock
     * order, so a lease hand-back and a metering batch cannot deadlock.
     */
    private static void lockBalance(Connection c, UUID organizationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM organization_balances WHERE organization_id = ? FOR UPDATE")) {
            s.setObject(1, organizationId);
            s.executeQuery().close();
        }
    }

    /** Credit that leases of dead replicas still hold returns to the organization. */
    private static void reclaimExpired(Connection c, UUID organizationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                WITH gone AS (DELETE FROM credit_leases WHERE organization_id = ? AND api_key_id IS NULL AND expires_at < now() RETURNING amount_nanos)
                UPDATE organization_balances SET leased_nanos = leased_nanos - (SELECT coalesce(sum(amount_nanos), 0) FROM gone)
                WHERE organization_id = ? AND EXISTS (SELECT 1 FROM gone)""")) {
            s.setObject(1, organizationId);
            s.setObject(2, organizationId);
            s.executeUpdate();
        }
    }

    private static void upsertLease(Connection c, CreditAccount account, long take, String holder, Duration ttl) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO credit_leases (id, organization_id, api_key_id, holder, amount_nanos, expires_at)
                VALUES (?, ?, ?, ?, ?, now() + ? * interval '1 millisecond')
                ON CONFLICT (id) DO UPDATE SET amount_nanos = credit_leases.amount_nanos + EXCLUDED.amount_nanos,
                    renewed_at = now(), expires_at = EXCLUDED.expires_at""")) {
            s.setObject(1, account.leaseId);
            s.setObject(2, account.organizationId);
            s.setObject(3, account.apiKeyId);
            s.setString(4, holder);
            s.setLong(5, take);
            s.setLong(6, ttl.toMillis());
            s.executeUpdate();
        }
    }

    static Instant periodStart(LimitReset period, Instant now) {
        if (period == null) {
            return Instant.EPOCH;
        }
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = switch (period) {
            case DAILY -> today;
            case WEEKLY -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> today.withDayOfMonth(1);
        };
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * The key's usage since {@code since} plus what every replica holds leased for it, read in ONE statement: under
     * READ COMMITTED each statement sees its own snapshot, and a metering batch moves cost from the lease to the usage
     * in one transaction. Read in two statements, a batch committing between them was seen on neither side (usage
     * before, lease after), and the key could lease that cost a second time (a clean-clone CI run caught a key limit
     * overspent so).
     */
    private static long usedAndLeased(Connection c, UUID apiKeyId, Instant since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT (SELECT coalesce(sum(cost_nanos), 0) FROM daily_usage WHERE api_key_id = ? AND day >= ?)
                     + (SELECT coalesce(sum(amount_nanos), 0) FROM credit_leases WHERE api_key_id = ?)""")) {
            s.setObject(1, apiKeyId);
            s.setObject(2, since.atZone(ZoneOffset.UTC).toLocalDate());
            s.setObject(3, apiKeyId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long localFree(CreditAccount account) {
        synchronized (account) {
            return Math.max(account.available(), 0);
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

}
