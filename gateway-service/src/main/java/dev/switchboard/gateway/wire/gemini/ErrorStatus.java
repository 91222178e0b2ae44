package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A google.rpc.Status: HTTP {@code code}, canonical {@code status} ("RESOURCE_EXHAUSTED"), details. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorStatus(Integer code, String message, String status, List<ErrorDetail> details) {
}
