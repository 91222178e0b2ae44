package dev.switchboard.gateway.catalog;

import dev.switchboard.gateway.catalog.EndpointsView.Percentiles;

/**
 * What routing has measured of an endpoint, for {@code GET /api/v1/models/{author}/{slug}/endpoints}. Each figure is
 * null while nothing was measured in its span.
 *
 * @param status     OpenRouter's endpoint status: 0 serving, -1 while the endpoint's circuit is open (routing takes
 *                   it out until a probe succeeds)
 * @param uptime5m   percentage of attempts that succeeded in the last 5 minutes, 0..100
 * @param uptime30m  the same over the last 30 minutes
 * @param uptime1d   the same over the last day
 * @param latency    milliseconds to the first token over the last 30 minutes
 * @param throughput output tokens per second over the last 30 minutes; OpenRouter's percentiles of throughput count
 *                   from the fast end (p99 is the slow tail: 99 % of answers were at least this fast)
 */
public record EndpointFigures(int status, Double uptime5m, Double uptime30m, Double uptime1d, Percentiles latency,
                              Percentiles throughput) {

    /** The endpoint's circuit is open. */
    public static final int STATUS_CIRCUIT_OPEN = -1;

    /** Nothing measured (yet): serving, every figure null. */
    public static final EndpointFigures UNMEASURED = new EndpointFigures(CatalogStore.STATUS_SERVING, null, null, null, null, null);
}
