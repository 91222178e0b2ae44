package dev.switchboard.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The limits counted in this replica's memory: when no Redis is configured, and while the configured one is away.
 * The same arithmetic as the Redis script ({@link Gcra}); a request's limits are checked and moved under one lock
 * (striped by organization), as the script does them in one step.
 */
final class LocalLimiter {

    /** A count untouched this long is whole again in any case (a minute), so it can go. */
    private static final Duration IDLE = Duration.ofMinutes(2);
    private static final int STRIPES = 64;

    private final Cache<String, double[]> tats;
    private final Object[] locks = new Object[STRIPES];
    private final DoubleSupplier clockMicros;

    LocalLimiter(DoubleSupplier clockMicros, int maxEntries) {
        this.clockMicros = clockMicros;
        this.tats = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(maxEntries).build();
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    Verdict admit(List<Limit> limits, Object organization) {
        synchronized (lock(organization)) {
            double now = clockMicros.getAsDouble();
            double[][] cells = new double[limits.size()][];
            boolean allowed = true;
            for (int i = 0; i < limits.size(); i++) {
                Limit limit = limits.get(i);
                cells[i] = cell(limit, now);
                double tat = cells[i][0];
                allowed &= limit.kind() == Limit.Kind.REQUESTS
                        ? Gcra.requestFits(Gcra.afterRequest(tat, now, limit.perMinute()), now)
                        : Gcra.tokensFit(tat, now, limit.perMinute());
            }
            List<Verdict.Status> statuses = new ArrayList<>(limits.size());
            for (int i = 0; i < limits.size(); i++) {
                Limit limit = limits.get(i);
                double tat = cells[i][0];
                long per = limit.perMinute();
                if (limit.kind() == Limit.Kind.REQUESTS) {
                    double next = Gcra.afterRequest(tat, now, per);
                    if (allowed) {
                        cells[i][0] = next;
                        statuses.add(new Verdict.Status(limit, Gcra.remaining(next, now, per), Gcra.resetMicros(next, now), 0));
                    } else {
                        statuses.add(new Verdict.Status(limit, Gcra.remaining(tat, now, per), Gcra.resetMicros(tat, now),
                                Gcra.requestRetryMicros(next, now)));
                    }
                } else {
                    statuses.add(new Verdict.Status(limit, Gcra.remaining(tat, now, per), Gcra.resetMicros(tat, now),
                            Gcra.tokensRetryMicros(tat, now, per)));
                }
            }
            return new Verdict(allowed, List.copyOf(statuses), false);
        }
    }

    void chargeTokens(List<Limit> tokenLimits, Object organization, long tokens) {
        synchronized (lock(organization)) {
            double now = clockMicros.getAsDouble();
            for (Limit limit : tokenLimits) {
                double[] cell = cell(limit, now);
                cell[0] = Gcra.afterTokens(cell[0], now, limit.perMinute(), tokens);
                cell[1] = limit.perMinute();
            }
        }
    }

    /** The limit's count {TAT, rate it was counted at}, carried over to the limit's rate if that changed. */
    private double[] cell(Limit limit, double now) {
        double[] cell = tats.get(limit.key(), k -> new double[]{0, limit.perMinute()});
        cell[0] = Gcra.rescaled(cell[0], now, (long) cell[1], limit.perMinute());
        cell[1] = limit.perMinute();
        return cell;
    }

    private Object lock(Object organization) {
        return locks[(organization.hashCode() & Integer.MAX_VALUE) % STRIPES];
    }
}
