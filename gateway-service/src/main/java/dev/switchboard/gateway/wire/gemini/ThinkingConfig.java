package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code thinkingBudget}: tokens, 0 = off, -1 = dynamic; {@code includeThoughts} returns thought summaries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ThinkingConfig(Integer thinkingBudget, Boolean includeThoughts) {
}
