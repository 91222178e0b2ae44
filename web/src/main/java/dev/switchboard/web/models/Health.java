package dev.switchboard.web.models;

import dev.switchboard.web.format.Formats;

/**
 * Observed health of an endpoint (or of all a model's endpoints) from {@code endpoint_health}, which the gateways
 * write once a minute: requests and failures in the last hour and the last 24 hours, and the median of the per-minute
 * median latencies of the last 24 hours (null when nothing was measured).
 */
public record Health(long requests1h, long failures1h, long requests24h, long failures24h, Integer latencyP50Ms) {

    public static final Health NONE = new Health(0, 0, 0, 0, null);

    public String uptime1h() {
        return Formats.uptime(requests1h, failures1h);
    }

    public String uptime24h() {
        return Formats.uptime(requests24h, failures24h);
    }

    public String latency() {
        return latencyP50Ms == null ? "no data" : Formats.millis(latencyP50Ms);
    }
}
