package dev.switchboard.gateway.routing.health;

/**
 * An endpoint's recent performance, as this replica sees it (merged with the other replicas' when they share health
 * through Redis).
 *
 * @param requests30s       attempts in the last 30 s
 * @param successRate30s    share of them that succeeded, 0..1 (1 when there were none)
 * @param requests5m        attempts in the last 5 minutes
 * @param successRate5m     share of them that succeeded, 0..1 (1 when there were none)
 * @param latencyMillis     median time to first token over the last 5 minutes; null when unknown
 * @param throughputTps     median output tokens per second over the last 5 minutes; null when unknown
 */
public record EndpointStats(long requests30s, double successRate30s, long requests5m, double successRate5m,
                            Double latencyMillis, Double throughputTps) {

    public static final EndpointStats NONE = new EndpointStats(0, 1, 0, 1, null, null);
}
