package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.catalog.CatalogEndpoint;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.http.ProviderHttp;
import dev.switchboard.gateway.routing.Candidate;
import dev.switchboard.gateway.routing.health.Permit;
import java.time.Duration;

/** One try of a request at one endpoint: what is sent, the health permit it holds, and the call once made. */
final class Attempt {

    final Candidate candidate;
    final ProviderAdapter adapter;
    final PreparedCall call;
    final Permit permit;
    /** How long the provider has to send its first byte: the configured time, or what is left of the deadline. */
    final Duration timeout;
    final long startNanos = System.nanoTime();
    /** Set once the request is sent. */
    ProviderHttp.Call upstream;
    /** Whether its outcome has been reported on the permit (exactly once). */
    private boolean reported;

    Attempt(Candidate candidate, ProviderAdapter adapter, PreparedCall call, Permit permit, Duration timeout) {
        this.candidate = candidate;
        this.adapter = adapter;
        this.call = call;
        this.permit = permit;
        this.timeout = timeout;
    }

    CatalogEndpoint endpoint() {
        return candidate.endpoint();
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Reports the outcome once; later calls are ignored (a failure after a cancel, say). */
    boolean report() {
        if (reported) {
            return false;
        }
        reported = true;
        return true;
    }

    void cancel() {
        if (upstream != null) {
            upstream.cancel();
        }
    }
}
