package dev.switchboard.gateway.api;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.routing.RoutingOptions;

/**
 * A chat request as a client sent it to one of our endpoints, read and validated: the canonical request plus
 * the OpenRouter routing extensions.
 *
 * @param chat    the canonical request; its model is {@code model}, or the first of {@code models} when absent
 * @param routing OpenRouter's {@code models} fallback list and {@code provider} preferences
 */
public record InboundChatRequest(ChatRequest chat, RoutingOptions routing) {
}
