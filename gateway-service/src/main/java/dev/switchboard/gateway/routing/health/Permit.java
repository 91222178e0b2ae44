package dev.switchboard.gateway.routing.health;

import dev.switchboard.gateway.providers.ProviderException;

/** One attempt on an endpoint, taken from {@link EndpointHealth#tryAcquire}; its outcome is reported exactly once. */
public interface Permit {

    /**
     * The endpoint answered and its output reached the client (or the whole answer was read).
     *
     * @param firstTokenMillis time from sending the request to the first content (the whole answer when not streamed)
     * @param generationMillis time from the first content to the end of the answer (0 when not streamed)
     * @param outputTokens     output tokens of the answer (for throughput, tokens per second)
     */
    void succeeded(long firstTokenMillis, long generationMillis, int outputTokens);

    /**
     * The attempt failed. Only the provider's own failures ({@link ProviderException.Kind#retryable()} kinds: rate
     * limits, overload, timeouts, 5xx, unreadable answers, refused credentials) count against the endpoint; a request
     * it rejected as invalid or content it refused does not.
     */
    void failed(ProviderException failure);

    /** The attempt ended without telling anything about the endpoint (the client went away): frees a probe slot. */
    void abandoned();
}
