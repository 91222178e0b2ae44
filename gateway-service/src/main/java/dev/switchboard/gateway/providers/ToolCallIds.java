package dev.switchboard.gateway.providers;

import java.util.UUID;

/**
 * Ids for tool calls a provider left without one (Gemini gives none; some OpenAI-compatible servers none or an
 * empty one). A client answers each call by its id, across the turns of a conversation, so ids must never repeat:
 * {@code call_<response id>_<index>} is unique because the provider's response ids are, and the same whether the
 * response was streamed or not. Without a response id, a random one stands in.
 */
public final class ToolCallIds {

    private ToolCallIds() {
    }

    /** {@code given} when the provider gave one, else the id of the {@code index}-th call of response {@code responseId}. */
    public static String orMake(String given, String responseId, int index) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        String scope = responseId != null && !responseId.isEmpty() ? responseId : UUID.randomUUID().toString().replace("-", "");
        return "call_" + scope + "_" + index;
    }
}
