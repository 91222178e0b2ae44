package dev.switchboard.web.logs;

import dev.switchboard.web.format.Formats;

/** One upstream attempt of a generation ({@code provider_responses}): the provider, its HTTP status and latency. */
public record Attempt(String providerName, Integer status, Long latencyMs) {

    public String provider() {
        return providerName == null ? "—" : providerName;
    }

    public String statusText() {
        return status == null ? "—" : status.toString();
    }

    public String latency() {
        return latencyMs == null ? "—" : Formats.count(latencyMs) + " ms";
    }
}
