package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Sampling and output settings; all optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerationConfig(List<String> stopSequences, String responseMimeType, JsonNode responseSchema,
                               Integer maxOutputTokens, Double temperature, Double topP, Integer topK, Long seed,
                               Double presencePenalty, Double frequencyPenalty, ThinkingConfig thinkingConfig) {
}
