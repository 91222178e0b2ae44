package dev.switchboard.web.models;

import dev.switchboard.web.format.Formats;
import java.util.List;
import java.util.UUID;

/** One provider's offer of a model, with its prices in pico-USD per token (per request, per image) as stored. */
public record Endpoint(UUID id, String modelId, String providerId, String providerName, long promptPico, long completionPico,
                       Long cacheReadPico, Long cacheWritePico, long requestPico, long imagePico, int contextLength,
                       Integer maxOutput, List<String> supportedParameters, String quantization, int status, Health health) {

    Endpoint withHealth(Health h) {
        return new Endpoint(id, modelId, providerId, providerName, promptPico, completionPico, cacheReadPico, cacheWritePico,
                requestPico, imagePico, contextLength, maxOutput, supportedParameters, quantization, status, h);
    }

    public String promptPrice() {
        return Formats.usdPerMillionTokens(promptPico);
    }

    public String completionPrice() {
        return Formats.usdPerMillionTokens(completionPico);
    }

    public String cacheReadPrice() {
        return cacheReadPico == null ? "—" : Formats.usdPerMillionTokens(cacheReadPico);
    }

    public String cacheWritePrice() {
        return cacheWritePico == null ? "—" : Formats.usdPerMillionTokens(cacheWritePico);
    }

    public String requestPrice() {
        return requestPico == 0 ? "—" : Formats.usdPicos(requestPico);
    }

    public String imagePrice() {
        return imagePico == 0 ? "—" : Formats.usdPicos(imagePico);
    }

    public String context() {
        return Formats.count(contextLength);
    }

    public String maxOutputText() {
        return maxOutput == null ? "—" : Formats.count(maxOutput);
    }

    public String parameters() {
        return supportedParameters.isEmpty() ? "—" : String.join(", ", supportedParameters);
    }

    public String quantizationText() {
        return quantization == null ? "—" : quantization;
    }

    /** 0 is serving; OpenRouter's negative statuses mean degraded down to -10 (removed, never listed here). */
    public String statusText() {
        return status == 0 ? "serving" : "degraded (" + status + ")";
    }
}
