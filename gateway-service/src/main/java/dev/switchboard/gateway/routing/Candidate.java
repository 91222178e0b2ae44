package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.catalog.CatalogEndpoint;

/**
 * One endpoint a request may be sent to, with the output allowance it is planned for.
 *
 * @param endpoint        where the attempt goes
 * @param maxOutputTokens the output tokens reserved for an attempt here: the request's {@code max_tokens}, else the
 *                        endpoint's maximum, else the gateway's default
 * @param capOutput       whether the request sent here must carry {@code maxOutputTokens} as its maximum (neither the
 *                        client nor the endpoint set one, so the gateway bounds the output to what it reserved)
 */
public record Candidate(CatalogEndpoint endpoint, int maxOutputTokens, boolean capOutput) {

    /** The request as this endpoint receives it. */
    public ChatRequest requestFor(ChatRequest request) {
        return capOutput ? request.withMaxTokens(maxOutputTokens) : request;
    }

    /** The output allowance of {@code request} at {@code endpoint}. */
    static Candidate of(CatalogEndpoint endpoint, Integer requestedMaxTokens, int defaultMaxOutput) {
        if (requestedMaxTokens != null) {
            return new Candidate(endpoint, requestedMaxTokens, false);
        }
        if (endpoint.maxOutput() != null) {
            return new Candidate(endpoint, endpoint.maxOutput(), false);
        }
        return new Candidate(endpoint, defaultMaxOutput, true);
    }
}
