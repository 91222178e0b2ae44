package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Set when the prompt itself was blocked ({@code blockReason} "SAFETY", "OTHER", …). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromptFeedback(String blockReason) {
}
