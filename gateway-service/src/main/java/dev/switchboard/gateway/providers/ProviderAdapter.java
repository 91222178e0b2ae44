package dev.switchboard.gateway.providers;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ChatResponse;
import java.util.Map;

/**
 * One wire format's translation, between the canonical model and what a provider of that format speaks.
 * Everything here is pure and safe to run again on a retry: no I/O, no mutation of its inputs.
 * The HTTP call itself, retries and fallbacks live elsewhere.
 */
public interface ProviderAdapter {

    WireFormat format();

    /**
     * Prepares the call for {@code request} to {@code target}: path, headers (auth included) and body.
     * Parameters the target does not support are dropped and listed in {@link PreparedCall#droppedParameters()}.
     */
    PreparedCall prepareChat(ChatRequest request, ProviderTarget target);

    /** Reads a successful (2xx) non-streamed response. @throws ProviderException BAD_RESPONSE when it cannot */
    ChatResponse readChatResponse(byte[] body);

    /** A new parser for one streamed response. */
    ChatStreamParser openChatStream();

    /** Classifies an error response (status ≥ 400), keeping the provider's reason. */
    ProviderException readError(int status, Map<String, String> headers, byte[] body);
}
