package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Token counts. {@code promptTokenCount} includes {@code cachedContentTokenCount}; {@code candidatesTokenCount}
 * EXCLUDES {@code thoughtsTokenCount}. In a stream every piece carries the counts so far.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageMetadata(Integer promptTokenCount, Integer candidatesTokenCount, Integer totalTokenCount,
                            Integer cachedContentTokenCount, Integer thoughtsTokenCount, Integer toolUsePromptTokenCount) {
}
