package dev.switchboard.gateway.canonical;

import java.util.Locale;

/** Why generation stopped, normalised; the provider's own value travels beside it as the native reason. */
public enum FinishReason {
    STOP, LENGTH, TOOL_CALLS, CONTENT_FILTER, ERROR;

    /** The wire value: "stop", "length", "tool_calls", "content_filter", "error". */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
