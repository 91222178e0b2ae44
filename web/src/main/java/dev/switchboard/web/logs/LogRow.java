package dev.switchboard.web.logs;

import dev.switchboard.web.format.Formats;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One line of the log: what the table shows of a generation. */
public record LogRow(String id, OffsetDateTime createdAt, String model, String provider, String providerName, UUID keyId,
                     String keyName, int tokensPrompt, int tokensCompletion, boolean tokensEstimated, long costNanos,
                     Integer latencyMs, Integer generationTimeMs, boolean streamed, boolean cancelled, String finishReason,
                     int status) {

    /** As daily_usage counts errors: an HTTP error status, or a stream that ended in error. */
    public boolean error() {
        return status >= 400 || "error".equals(finishReason);
    }

    /** "prompt → completion", with "~" when the gateway counted them itself (the provider reported none). */
    public String tokens() {
        return (tokensEstimated ? "~" : "") + Formats.count(tokensPrompt) + " → " + Formats.count(tokensCompletion);
    }

    public String cost() {
        return Formats.usdNanos(costNanos);
    }

    public String time() {
        return Formats.second(createdAt);
    }

    public String providerLabel() {
        return providerName == null ? provider : providerName;
    }

    public String keyLabel() {
        return keyName == null ? keyId.toString() : keyName;
    }

    public String latency() {
        return Formats.millis(latencyMs);
    }

    public String finish() {
        return finishReason == null ? "—" : finishReason;
    }

    Cursor cursor() {
        return Cursor.of(createdAt.toInstant(), id);
    }
}
