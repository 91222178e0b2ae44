package dev.switchboard.gateway.routing.health;

import java.util.UUID;

/**
 * What routing knows about each endpoint's health: whether its circuit lets requests through, and how it has
 * performed lately (success rate, latency to first token, throughput). The planner reads it to drop unhealthy
 * endpoints and to sort by latency or throughput; the proxy takes a {@link Permit} before each attempt and reports
 * the attempt's outcome on it.
 */
public interface EndpointHealth {

    /**
     * Whether the endpoint may be planned now, without claiming anything: true while its circuit is closed, and when
     * it is open but a half-open probe is due. The planner skips an endpoint that is not available, with the reason.
     */
    Availability availability(UUID endpointId);

    /**
     * Claims one attempt on the endpoint right now. Null when its circuit is open and no probe is due, or another
     * request holds the half-open probe; the caller then skips the endpoint. Every permit given out must end in
     * exactly one of {@link Permit#succeeded}, {@link Permit#failed} or {@link Permit#abandoned}.
     */
    Permit tryAcquire(UUID endpointId);

    /** Recent performance of the endpoint; {@link EndpointStats#NONE} when nothing is known. */
    EndpointStats stats(UUID endpointId);

    /**
     * @param available  whether the endpoint may be planned
     * @param reason     why not (e.g. "circuit open after 5 failures in a row; next probe in 8 s"), null when available
     * @param retryAfterSeconds when the endpoint may next be tried, 0 when available
     */
    record Availability(boolean available, String reason, long retryAfterSeconds) {
        public static final Availability AVAILABLE = new Availability(true, null, 0);
    }
}
