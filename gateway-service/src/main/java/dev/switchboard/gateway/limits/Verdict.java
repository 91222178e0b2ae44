package dev.switchboard.gateway.limits;

import java.util.List;

/**
 * What the rate limits said of one request: admitted or not, and where each limit stands (after the request when
 * admitted, as it was when refused).
 *
 * @param shared whether the counts are the cluster's (Redis) or this replica's alone
 */
public record Verdict(boolean allowed, List<Status> statuses, boolean shared) {

    /** No limit applies. */
    public static final Verdict UNLIMITED = new Verdict(true, List.of(), true);

    /**
     * @param remaining   units left in the minute
     * @param resetMicros until the limit is whole again
     * @param retryMicros until a refused request would fit (0 when this limit admits it)
     */
    public record Status(Limit limit, long remaining, long resetMicros, long retryMicros) {
    }

    /** The limit that refused the request and is free again last (the client must wait for it), or null. */
    public Status refusing() {
        Status worst = null;
        for (Status s : statuses) {
            if (s.retryMicros() > 0 && (worst == null || s.retryMicros() > worst.retryMicros())) {
                worst = s;
            }
        }
        return worst;
    }

    /** Of the limits of one kind, the one with the fewest units left (the one a client runs into first), or null. */
    public Status tightest(Limit.Kind kind) {
        Status tightest = null;
        for (Status s : statuses) {
            if (s.limit().kind() == kind && (tightest == null || s.remaining() < tightest.remaining())) {
                tightest = s;
            }
        }
        return tightest;
    }
}
