package dev.switchboard.gateway.routing.health;

/**
 * One endpoint's circuit breaker. CLOSED lets every attempt through; repeated failures open it. OPEN refuses attempts
 * until its back-off has passed; then the next attempt becomes the half-open probe (HALF_OPEN: exactly one probe at a
 * time). A successful probe closes the circuit and resets the back-off; a failed one opens it again for twice as
 * long, up to the maximum, so an endpoint is never out for good. Not thread-safe: {@link EndpointState} guards it;
 * time is passed in (epoch milliseconds), so tests need no sleeping.
 * <p>
 * While health is shared through Redis, an open circuit is shared too, and a probe needs this replica to hold the
 * cluster-wide probe claim ({@link #claimUntil}), which {@link RedisHealthShare} takes with SET NX.
 */
final class Breaker {

    enum State {
        CLOSED, OPEN, HALF_OPEN;

        /** The metric's value: 0 closed, 1 open, 2 half-open. */
        int gauge() {
            return ordinal();
        }
    }

    /** What a report changed, for the caller to log, count and share outside the endpoint's lock. */
    enum Change { NONE, OPENED, REOPENED, CLOSED }

    /** The span the failure-rate rule looks at, and how long after closing it waits before judging again. */
    static final long RATE_WINDOW_MILLIS = 30_000;

    State state = State.CLOSED;
    int failuresInARow;
    /** When the circuit may be probed (OPEN). */
    long openUntil;
    /** The current back-off; 0 while closed. */
    long backoffMillis;
    /** Why the circuit opened, in words; null while closed. */
    String reason;
    long openedAt;
    long closedAt = Long.MIN_VALUE / 2;
    long probeStartedAt;
    /** Identifies the current probe, so that a report of a probe given up on does not decide anything. */
    long probe;
    /** Until when this replica holds the cluster-wide probe claim (shared health only). */
    long claimUntil;
    /** The last claim attempt found another replica's claim (shared health only). */
    boolean claimedElsewhere;
    /** When a request last wanted this endpoint while its probe was due (shared health: claim it then). */
    long demandAt = Long.MIN_VALUE / 2;
    /** Redis holds this opening of the circuit (shared health): its absence there then means another replica closed it. */
    boolean published;

    /**
     * Claims an attempt: 0 for a normal attempt, a positive probe id for the half-open probe, -1 when refused.
     *
     * @param needsClaim whether a probe needs this replica's cluster-wide claim (health shared and Redis reachable)
     */
    long tryAcquire(long now, boolean needsClaim, long probeTimeoutMillis) {
        switch (state) {
            case CLOSED:
                return 0;
            case HALF_OPEN:
                if (now - probeStartedAt < probeTimeoutMillis) {
                    return -1;
                }
                return startProbe(now); // the probe was never reported: give up on it, probe afresh
            default:
                if (now < openUntil) {
                    return -1;
                }
                if (needsClaim && claimUntil <= now) {
                    demandAt = now;
                    return -1;
                }
                return startProbe(now);
        }
    }

    private long startProbe(long now) {
        state = State.HALF_OPEN;
        probeStartedAt = now;
        return ++probe;
    }

    /** A successful attempt; {@code probeId} 0 for a normal one. */
    Change succeeded(long now, long probeId) {
        failuresInARow = 0;
        if (probeId != 0 && probeId == probe && state == State.HALF_OPEN) {
            state = State.CLOSED;
            backoffMillis = 0;
            reason = null;
            closedAt = now;
            claimUntil = 0;
            return Change.CLOSED;
        }
        return Change.NONE;
    }

    /**
     * A failed attempt (the provider's fault), already counted in {@code last30s}.
     *
     * @param what the failure in a few words, e.g. "overloaded, HTTP 503"
     */
    Change failed(long now, long probeId, String what, Window.Counts last30s, HealthConfig config) {
        failuresInARow++;
        if (probeId != 0 && probeId == probe && state == State.HALF_OPEN) {
            long doubled = Math.max(config.baseBackoff().toMillis(), backoffMillis * 2);
            open(now, Math.min(doubled, config.maxBackoff().toMillis()), "the half-open probe failed (" + what + ")");
            return Change.REOPENED;
        }
        if (state != State.CLOSED) {
            return Change.NONE;
        }
        if (failuresInARow >= config.failuresInARow()) {
            open(now, config.baseBackoff().toMillis(), failuresInARow + " failures in a row (last: " + what + ")");
            return Change.OPENED;
        }
        // right after closing, the last 30 s still hold the failures that opened the circuit: judge only the streak
        if (now - closedAt >= RATE_WINDOW_MILLIS && last30s.requests() >= config.failureRateMinimumAttempts()
                && last30s.failures() >= config.failureRate() * last30s.requests()) {
            open(now, config.baseBackoff().toMillis(), last30s.failures() + " of " + last30s.requests()
                    + " attempts failed in the last 30 s (last: " + what + ")");
            return Change.OPENED;
        }
        return Change.NONE;
    }

    /** The attempt told nothing about the endpoint: a probe's slot is freed, the probe is due again at once. */
    void abandoned(long now, long probeId) {
        if (probeId != 0 && probeId == probe && state == State.HALF_OPEN) {
            state = State.OPEN;
            openUntil = now;
        }
    }

    private void open(long now, long backoff, String why) {
        state = State.OPEN;
        backoffMillis = backoff;
        openUntil = now + backoff;
        openedAt = now;
        reason = why;
        claimUntil = 0;
        claimedElsewhere = false;
        published = false;
    }

    /** Another replica opened the circuit, or probed it and failed (shared health). Returns whether it opened here. */
    boolean adopt(long until, long backoff, String why, long now) {
        if (state == State.CLOSED) {
            open(now, backoff, why);
            openUntil = until;
            return true;
        }
        if (until > openUntil && state == State.OPEN) {
            openUntil = until;
            backoffMillis = backoff;
            reason = why;
        }
        return false;
    }

    /** Another replica's probe closed the circuit (shared health). Returns whether it closed here. */
    boolean closedElsewhere(long now) {
        if (state == State.OPEN) {
            state = State.CLOSED;
            backoffMillis = 0;
            reason = null;
            closedAt = now;
            failuresInARow = 0;
            claimUntil = 0;
            return true;
        }
        return false;
    }

    /** Seconds until the next probe may go out, at least 1 while refused. */
    long secondsToProbe(long now) {
        return Math.max(1, (openUntil - now + 999) / 1000);
    }
}
