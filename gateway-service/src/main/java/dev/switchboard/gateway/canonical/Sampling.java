package dev.switchboard.gateway.canonical;

import java.util.LinkedHashSet;
import java.util.Set;

/** Sampling parameters; each is null when the client did not set it. */
public record Sampling(Double temperature, Double topP, Integer topK, Double frequencyPenalty, Double presencePenalty,
                       Double repetitionPenalty, Long seed) {

    public static final Sampling NONE = new Sampling(null, null, null, null, null, null, null);

    Set<String> parametersUsed() {
        Set<String> used = new LinkedHashSet<>();
        if (temperature != null) {
            used.add("temperature");
        }
        if (topP != null) {
            used.add("top_p");
        }
        if (topK != null) {
            used.add("top_k");
        }
        if (frequencyPenalty != null) {
            used.add("frequency_penalty");
        }
        if (presencePenalty != null) {
            used.add("presence_penalty");
        }
        if (repetitionPenalty != null) {
            used.add("repetition_penalty");
        }
        if (seed != null) {
            used.add("seed");
        }
        return used;
    }
}
