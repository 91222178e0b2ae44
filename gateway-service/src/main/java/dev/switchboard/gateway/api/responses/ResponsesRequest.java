package dev.switchboard.gateway.api.responses;

import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.routing.RoutingOptions;

/**
 * A {@code POST /api/v1/responses} body, read and validated.
 *
 * @param chat     the canonical request the proxy serves
 * @param routing  OpenRouter's {@code models} fallbacks and {@code provider} preferences
 * @param settings what the response echoes of the request
 */
public record ResponsesRequest(ChatRequest chat, RoutingOptions routing, ResponseSettings settings) {
}
