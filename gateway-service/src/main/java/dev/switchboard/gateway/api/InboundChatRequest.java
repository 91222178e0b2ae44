package dev.switchboard.gateway.api;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.routing.ProviderPreferences;
import java.util.List;

/**
 * A chat request as a client sent it to one of our endpoints, read and validated: the canonical request plus
 * the OpenRouter routing extensions.
 *
 * @param chat     the canonical request; its model is {@code model}, or the first of {@code models} when absent
 * @param models   OpenRouter's fallback list, in order; empty when not given
 * @param provider OpenRouter's {@code provider} preferences; null when absent
 * @param stream   whether the client asked for a stream (the same as {@code chat.stream()})
 */
public record InboundChatRequest(ChatRequest chat, List<String> models, ProviderPreferences provider, boolean stream) {

    public InboundChatRequest {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
