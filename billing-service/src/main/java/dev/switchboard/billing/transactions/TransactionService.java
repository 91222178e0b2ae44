package dev.switchboard.billing.transactions;

import dev.switchboard.billing.reports.Usd;
import dev.switchboard.billing.tenancy.OrganizationAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An organization's ledger as a statement, newest first: every entry other than usage as it is, and usage (one
 * entry per gateway batch, so thousands a day) summed per UTC day. Keyset-paged: a page starts strictly below the
 * cursor's position, so lines added above it (newer entries, today's usage) neither repeat nor hide lines of later
 * pages, and no query counts or skips rows (no OFFSET).
 * <p>
 * The running balance is exact and costs nothing extra: the first page starts from the current balance (read in the
 * same snapshot as its lines), each line's {@code balance_after} is the one above it less that line's amount, and
 * the cursor carries the balance on to the next page.
 */
@ApplicationScoped
public class TransactionService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    @Inject
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /**
     * Makes the reads of this transaction one snapshot (lines and balance agree even while usage is written). Must be
     * the transaction's first statement, before the tenancy check.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void readConsistently() {
        em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public TransactionPage page(OrganizationAccess access, int limit, Optional<String> before) {
        UUID org = access.organizationId();
        Optional<Cursor> cursor = before.map(raw -> Cursor.decode(raw, org));
        Position from = cursor.map(Cursor::position).orElse(null);
        int needed = limit + 1;

        List<Line> entries = entries(org, from, needed);
        List<Line> usage = usageDays(org, from, needed,
                entries.size() == needed ? Optional.of(LocalDate.ofInstant(entries.getLast().createdAt, ZoneOffset.UTC)) : Optional.empty());
        List<Line> merged = merge(entries, usage, needed);

        boolean hasMore = merged.size() > limit;
        List<Line> shown = hasMore ? merged.subList(0, limit) : merged;
        long balance = cursor.map(Cursor::balanceNanos).orElseGet(() -> currentBalance(org));
        List<TransactionLine> lines = new ArrayList<>(shown.size());
        for (Line line : shown) {
            lines.add(line.view(balance));
            balance = Math.subtractExact(balance, line.amountNanos);
        }
        String next = hasMore ? new Cursor(org, shown.getLast().position, balance).encode() : null;
        return new TransactionPage(org, "UTC", lines, hasMore, next);
    }

    /** Up to {@code needed} entries other than usage, strictly below {@code from}, newest first. */
    @SuppressWarnings("unchecked")
    private List<Line> entries(UUID org, Position from, int needed) {
        String below = switch (from) {
            case null -> "";
            case Position.Entry e -> " AND (created_at, id) < (:at, :id)";
            // an entry made exactly at the usage line's instant (the next midnight) sorts above it: already shown
            case Position.UsageDay u -> " AND created_at < :at";
        };
        Query query = em.createNativeQuery("""
                        SELECT id, kind, amount_nanos, description, external_reference, created_by, created_at
                        FROM ledger_entries
                        WHERE organization_id = :organization AND kind <> 'usage'""" + below
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .setParameter("organization", org)
                .setParameter("limit", needed);
        if (from != null) {
            query.setParameter("at", OffsetDateTime.ofInstant(from.at(), ZoneOffset.UTC));
        }
        if (from instanceof Position.Entry e) {
            query.setParameter("id", e.id());
        }
        List<Line> lines = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            Instant createdAt = instant(row[6]);
            UUID id = (UUID) row[0];
            lines.add(new Line(new Position.Entry(createdAt, id), id, (String) row[1], ((Number) row[2]).longValue(),
                    (String) row[3], (String) row[4], (UUID) row[5], createdAt, 1));
        }
        return lines;
    }

    /**
     * Up to (at least) {@code needed} days of usage strictly below {@code from}, newest first, never below {@code floor}
     * (the day of the oldest entry line of the page: older usage cannot be on it). The days are summed in windows that
     * double going back, so a page reads the usage entries of about as many days as it shows, not the whole history.
     */
    @SuppressWarnings("unchecked")
    private List<Line> usageDays(UUID org, Position from, int needed, Optional<LocalDate> floor) {
        LocalDate lowest = floor.orElseGet(() -> oldestUsageDay(org));
        if (lowest == null) {
            return List.of();
        }
        LocalDate end = from == null ? null : from.usageDaysBefore(); // exclusive; null = no upper bound
        List<Line> days = new ArrayList<>();
        long span = needed;
        while (days.size() < needed && (end == null || end.isAfter(lowest))) {
            LocalDate top = end == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1) : end;
            LocalDate start = top.minusDays(span);
            if (start.isBefore(lowest)) {
                start = lowest;
            }
            Query query = em.createNativeQuery("""
                            SELECT (created_at AT TIME ZONE 'UTC')::date::text, sum(amount_nanos)::bigint, count(*), max(created_at)
                            FROM ledger_entries
                            WHERE organization_id = :organization AND kind = 'usage' AND created_at >= :start"""
                            + (end == null ? "" : " AND created_at < :end") + " GROUP BY 1 ORDER BY 1 DESC")
                    .setParameter("organization", org)
                    .setParameter("start", midnight(start));
            if (end != null) {
                query.setParameter("end", midnight(end));
            }
            for (Object[] row : (List<Object[]>) query.getResultList()) {
                LocalDate day = LocalDate.parse((String) row[0]);
                days.add(new Line(new Position.UsageDay(day), null, "usage", ((Number) row[1]).longValue(),
                        "Usage on " + day + " (UTC)", null, null, instant(row[3]), ((Number) row[2]).longValue()));
            }
            end = start;
            span = Math.min(span * 2, 36_600);
        }
        return days;
    }

    private LocalDate oldestUsageDay(UUID org) {
        Object oldest = em.createNativeQuery("SELECT min(created_at) FROM ledger_entries WHERE organization_id = :organization AND kind = 'usage'")
                .setParameter("organization", org)
                .getSingleResult();
        return oldest == null ? null : LocalDate.ofInstant(instant(oldest), ZoneOffset.UTC);
    }

    private long currentBalance(UUID org) {
        List<?> balance = em.createNativeQuery("SELECT balance_nanos FROM organization_balances WHERE organization_id = :organization")
                .setParameter("organization", org)
                .getResultList();
        return balance.isEmpty() ? 0 : ((Number) balance.getFirst()).longValue();
    }

    /** Both lists newest first; an entry and a usage line at the same instant: the entry first. */
    private static List<Line> merge(List<Line> entries, List<Line> usage, int needed) {
        List<Line> merged = new ArrayList<>(needed);
        int e = 0;
        int u = 0;
        while (merged.size() < needed && (e < entries.size() || u < usage.size())) {
            boolean takeEntry = u >= usage.size()
                    || (e < entries.size() && !entries.get(e).position.at().isBefore(usage.get(u).position.at()));
            merged.add(takeEntry ? entries.get(e++) : usage.get(u++));
        }
        return merged;
    }

    private static OffsetDateTime midnight(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }

    private record Line(Position position, UUID id, String kind, long amountNanos, String description, String externalReference,
                        UUID createdBy, Instant createdAt, long entries) {
        TransactionLine view(long balanceAfter) {
            LocalDate day = position instanceof Position.UsageDay u ? u.day() : LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
            return new TransactionLine(id, kind, day, Usd.of(amountNanos), Usd.of(balanceAfter), description, externalReference,
                    createdBy, createdAt, entries);
        }
    }
}
