package dev.switchboard.accounts.apikeys;

import dev.switchboard.schema.accounts.LimitReset;
import jakarta.persistence.EntityManager;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a key has spent, in nano-USD, from {@code daily_usage}: in total and since the start (UTC) of the current
 * day, week (Monday) and month.
 */
record KeyUsage(long total, long daily, long weekly, long monthly) {

    static final KeyUsage NONE = new KeyUsage(0, 0, 0, 0);

    /** Spend in the key's limit period: the current day, week or month, or all time when the limit never resets. */
    long inPeriod(LimitReset reset) {
        if (reset == null) {
            return total;
        }
        return switch (reset) {
            case DAILY -> daily;
            case WEEKLY -> weekly;
            case MONTHLY -> monthly;
        };
    }

    /** What is left of {@code limitNanos} this period, never below zero; null for a key without a limit. */
    Long remaining(Long limitNanos, LimitReset reset) {
        return limitNanos == null ? null : Math.max(0, limitNanos - inPeriod(reset));
    }

    /** The usage of {@code keys} of {@code organization} as of {@code today} (UTC); a key without rows spent nothing. */
    @SuppressWarnings("unchecked")
    static Map<UUID, KeyUsage> read(EntityManager em, UUID organization, Collection<UUID> keys, LocalDate today) {
        Map<UUID, KeyUsage> usage = new HashMap<>();
        if (keys.isEmpty()) {
            return usage;
        }
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT api_key_id,
                               COALESCE(sum(cost_nanos), 0),
                               COALESCE(sum(cost_nanos) FILTER (WHERE day >= :today), 0),
                               COALESCE(sum(cost_nanos) FILTER (WHERE day >= :week), 0),
                               COALESCE(sum(cost_nanos) FILTER (WHERE day >= :month), 0)
                        FROM daily_usage
                        WHERE organization_id = :organization AND api_key_id IN (:keys)
                        GROUP BY api_key_id""")
                .setParameter("today", today)
                .setParameter("week", weekStart(today))
                .setParameter("month", monthStart(today))
                .setParameter("organization", organization)
                .setParameter("keys", keys)
                .getResultList();
        for (Object[] row : rows) {
            usage.put((UUID) row[0], new KeyUsage(((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue(), ((Number) row[4]).longValue()));
        }
        return usage;
    }

    static LocalDate weekStart(LocalDate today) {
        return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    static LocalDate monthStart(LocalDate today) {
        return today.withDayOfMonth(1);
    }
}
