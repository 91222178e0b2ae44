package dev.switchboard.web.logs;

import dev.switchboard.web.format.Formats;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Everything the detail view shows of one generation. */
public record GenerationDetail(String id, OffsetDateTime createdAt, String model, String provider, String providerName,
                               UUID keyId, String keyName, String apiType, String upstreamId, int tokensPrompt,
                               int tokensCompletion, int tokensReasoning, int tokensCached, boolean tokensEstimated,
                               long costNanos, Long upstreamCostNanos, Integer latencyMs, Integer generationTimeMs,
                               boolean streamed, boolean cancelled, String finishReason, String nativeFinishReason,
                               int status, String errorCode, String errorMessage, String appReferer, String appTitle,
                               String externalUser, List<Attempt> attempts, List<String> droppedParameters) {

    public boolean error() {
        return status >= 400 || "error".equals(finishReason);
    }

    public String cost() {
        return Formats.usdNanos(costNanos);
    }

    public String time() {
        return Formats.second(createdAt);
    }

    public String prompt() {
        return Formats.count(tokensPrompt);
    }

    public String completion() {
        return Formats.count(tokensCompletion);
    }

    public String reasoning() {
        return Formats.count(tokensReasoning);
    }

    public String cached() {
        return Formats.count(tokensCached);
    }

    public String latency() {
        return Formats.millis(latencyMs);
    }

    public String generationTime() {
        return Formats.millis(generationTimeMs);
    }

    /** Completion tokens per second of generation time. */
    public String throughput() {
        return Formats.tokensPerSecond(tokensCompletion, generationTimeMs);
    }

    public String upstreamCost() {
        return upstreamCostNanos == null ? "—" : Formats.usdNanos(upstreamCostNanos);
    }

    public String providerLabel() {
        return providerName == null ? provider : providerName + " (" + provider + ")";
    }

    public String keyLabel() {
        return keyName == null ? keyId.toString() : keyName;
    }

    public String finish() {
        return orDash(finishReason);
    }

    public String nativeFinish() {
        return orDash(nativeFinishReason);
    }

    public String upstream() {
        return orDash(upstreamId);
    }

    /** The app that sent it: its title (X-Title) and referer (HTTP-Referer), as far as it said. */
    public String app() {
        if (appTitle == null && appReferer == null) {
            return "—";
        }
        if (appTitle == null || appReferer == null) {
            return appTitle != null ? appTitle : appReferer;
        }
        return appTitle + " (" + appReferer + ")";
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "—" : value;
    }
}
