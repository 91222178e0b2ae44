package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One of a Status's details, whatever its {@code @type}: google.rpc.ErrorInfo sets {@code reason},
 * google.rpc.RetryInfo sets {@code retryDelay} ("7s", "0.5s").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorDetail(@JsonProperty("@type") String type, String reason, String domain, String retryDelay) {
}
