package dev.switchboard.gateway.routing.health;

import dev.switchboard.gateway.catalog.EndpointFigures;
import dev.switchboard.gateway.catalog.EndpointsView.Percentiles;
import dev.switchboard.gateway.routing.health.EndpointHealth.Availability;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything health keeps about one endpoint: its window of attempts and its breaker. Every method holds this
 * object's monitor for a few dozen operations at most and does no I/O, so event loops may call it; endpoints never
 * share a lock.
 */
final class EndpointState {

    /** What the endpoint is called in logs and metrics. */
    record Name(String provider, String model) {

        static final Name UNKNOWN = new Name("unknown", "unknown");

        @Override
        public String toString() {
            return model + " at " + provider;
        }
    }

    /** The breaker's state at one moment, for logging and sharing outside the lock. */
    record Circuit(Breaker.State state, long openUntil, long backoffMillis, String reason) {
    }

    final UUID id;
    final Name name;
    private final Window window = new Window();
    private final Breaker breaker = new Breaker();
    /** Set once by the tracker as it creates the state, before the state is published (ConcurrentHashMap). */
    HealthTracker.Counters counters;
    /** When routing last asked about this endpoint or used it: shared health keeps reading it from Redis meanwhile. */
    private long interestAt;

    EndpointState(UUID id, Name name) {
        this.id = id;
        this.name = name;
    }

    synchronized long tryAcquire(long now, boolean needsClaim, long probeTimeoutMillis) {
        interestAt = now;
        return breaker.tryAcquire(now, needsClaim, probeTimeoutMillis);
    }

    /** A success: {@code tokensPerSecond} 0 or less when unknown, {@code latencyMillis} negative when unknown. */
    synchronized Breaker.Change succeeded(long now, long probeId, long latencyMillis, double tokensPerSecond, boolean share) {
        window.success(now, latencyMillis, tokensPerSecond, share);
        return breaker.succeeded(now, probeId);
    }

    synchronized Breaker.Change failed(long now, long probeId, String what, boolean share, HealthConfig config) {
        window.failure(now, share);
        return breaker.failed(now, probeId, what, window.counts(now, 3), config);
    }

    synchronized void abandoned(long now, long probeId) {
        breaker.abandoned(now, probeId);
    }

    synchronized Availability availability(long now, boolean needsClaim, long probeTimeoutMillis) {
        interestAt = now;
        switch (breaker.state) {
            case CLOSED:
                return Availability.AVAILABLE;
            case HALF_OPEN:
                if (now - breaker.probeStartedAt >= probeTimeoutMillis) {
                    return Availability.AVAILABLE;
                }
                return new Availability(false, "circuit half-open after " + breaker.reason + "; its probe is in flight", 1);
            default:
                if (now < breaker.openUntil) {
                    long seconds = breaker.secondsToProbe(now);
                    return new Availability(false, "circuit open after " + breaker.reason + "; next probe in " + seconds + " s", seconds);
                }
                if (!needsClaim || breaker.claimUntil > now) {
                    return Availability.AVAILABLE;
                }
                breaker.demandAt = now;
                return new Availability(false, "circuit open after " + breaker.reason + "; "
                        + (breaker.claimedElsewhere ? "another replica is probing it" : "its probe is being claimed"), 1);
        }
    }

    synchronized EndpointStats stats(long now) {
        interestAt = now;
        Window.Counts last30s = window.counts(now, 3);
        Window.Counts last5m = window.counts(now, 30);
        if (last5m.requests() == 0) {
            return EndpointStats.NONE;
        }
        long minute = MinuteSlot.minuteOf(now);
        // the current minute and the four before it: four to five minutes, as histograms are kept by minute
        Double latency = LogBins.LATENCY.quantile(window.histogram(LogBins.LATENCY, minute - 4, minute), 0.5);
        Double throughput = LogBins.THROUGHPUT.quantile(window.histogram(LogBins.THROUGHPUT, minute - 4, minute), 0.5);
        return new EndpointStats(last30s.requests(), last30s.successRate(), last5m.requests(), last5m.successRate(),
                latency, throughput);
    }

    /**
     * @param persisted30m every replica's counts of the last 30 minutes in {@code endpoint_health}
     * @param persisted1d  the same over the last day
     */
    synchronized EndpointFigures figures(long now, Window.Counts persisted30m, Window.Counts persisted1d) {
        long minute = MinuteSlot.minuteOf(now);
        int status = breaker.state == Breaker.State.CLOSED ? 0 : EndpointFigures.STATUS_CIRCUIT_OPEN;
        Window.Counts last30m = persisted30m.plus(window.unpersistedSince(minute - 29));
        Window.Counts last1d = persisted1d.plus(window.unpersistedSince(minute - Window.MINUTES));
        int[] latency = window.histogram(LogBins.LATENCY, minute - 29, minute);
        int[] throughput = window.histogram(LogBins.THROUGHPUT, minute - 29, minute);
        return new EndpointFigures(status, uptime(window.counts(now, 30)), uptime(last30m), uptime(last1d),
                percentiles(LogBins.LATENCY, latency, false), percentiles(LogBins.THROUGHPUT, throughput, true));
    }

    private static Double uptime(Window.Counts counts) {
        return counts.requests() == 0 ? null : Math.round(counts.successRate() * 10_000) / 100.0;
    }

    /** @param fromTheTop throughput's percentiles count from the fast end (OpenRouter's p99 is the slow tail) */
    private static Percentiles percentiles(LogBins kind, int[] histogram, boolean fromTheTop) {
        Double p50 = kind.quantile(histogram, 0.5);
        if (p50 == null) {
            return null;
        }
        return new Percentiles(round(p50), round(kind.quantile(histogram, fromTheTop ? 0.25 : 0.75)),
                round(kind.quantile(histogram, fromTheTop ? 0.10 : 0.90)), round(kind.quantile(histogram, fromTheTop ? 0.01 : 0.99)));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    synchronized Circuit circuit() {
        return new Circuit(breaker.state, breaker.openUntil, breaker.backoffMillis, breaker.reason);
    }

    synchronized Breaker.State state() {
        return breaker.state;
    }

    // ---- persistence (a worker thread, once a minute) ----

    /** This replica's minutes up to {@code lastMinute} that are not in {@code endpoint_health} yet, as rows. */
    synchronized List<HealthStore.Row> unpersisted(long lastMinute) {
        return window.unpersisted(lastMinute).stream().map(slot -> HealthStore.Row.of(id, slot)).toList();
    }

    synchronized void persisted(long lastMinute) {
        window.unpersisted(lastMinute).forEach(slot -> slot.persisted = true);
    }

    synchronized void prune(long now) {
        window.prune(MinuteSlot.minuteOf(now));
    }

    // ---- sharing through Redis (RedisHealthShare) ----

    /** Whether Redis should keep being read for this endpoint: asked about or used within the window, or not closed. */
    synchronized boolean watched(long now) {
        long minute = MinuteSlot.minuteOf(now);
        return now - interestAt < Window.MINUTES * MinuteSlot.MINUTE_MILLIS || breaker.state != Breaker.State.CLOSED
                || window.activeSince(minute - (Window.MINUTES - 1));
    }

    synchronized Map<Long, MinuteSlot> drainPending() {
        return window.drainPending();
    }

    synchronized void restorePending(Map<Long, MinuteSlot> unsent) {
        window.restorePending(unsent);
    }

    synchronized List<Long> minutesToRead(long now, Iterable<Long> sent) {
        return window.minutesToRead(MinuteSlot.minuteOf(now), sent);
    }

    synchronized void remote(Iterable<MinuteSlot> snapshots) {
        snapshots.forEach(window::remote);
        window.shared(true);
    }

    synchronized void unshared() {
        window.shared(false);
    }

    /** Whether this replica should claim the cluster-wide probe now: it is due, wanted lately and not held here. */
    synchronized boolean wantsClaim(long now, long demandWindowMillis) {
        return breaker.state == Breaker.State.OPEN && now >= breaker.openUntil && breaker.claimUntil <= now
                && now - breaker.demandAt < demandWindowMillis;
    }

    synchronized void claimed(boolean won, long until) {
        breaker.claimUntil = won ? until : 0;
        breaker.claimedElsewhere = !won;
    }

    /** The shared circuit record as read from Redis (null when there is none); returns a change to log. */
    synchronized Breaker.Change sharedCircuit(RedisHealthShare.CircuitRecord record, long now) {
        if (record != null) {
            boolean opened = breaker.adopt(record.openUntil(), record.backoffMillis(), record.reason(), now);
            if (record.openUntil() >= breaker.openUntil) {
                breaker.published = true; // Redis holds this opening (or a later one)
            }
            return opened ? Breaker.Change.OPENED : Breaker.Change.NONE;
        }
        // no record of an opening Redis held: another replica's probe closed the circuit, or the record expired
        if (breaker.state == Breaker.State.OPEN && breaker.published && breaker.closedElsewhere(now)) {
            return Breaker.Change.CLOSED;
        }
        return Breaker.Change.NONE;
    }

    /** The circuit as it should be in Redis, when it is open here and Redis does not hold it yet; else null. */
    synchronized RedisHealthShare.CircuitRecord unpublished() {
        return breaker.state == Breaker.State.OPEN && !breaker.published
                ? new RedisHealthShare.CircuitRecord(breaker.openUntil, breaker.backoffMillis, breaker.reason) : null;
    }

    /** Redis took this opening of the circuit. */
    synchronized void published(long openUntil) {
        if (breaker.openUntil == openUntil) {
            breaker.published = true;
        }
    }
}
