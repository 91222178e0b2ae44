package dev.switchboard.gateway.proxy;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.canonical.ChatResponse;
import io.vertx.core.buffer.Buffer;

/**
 * The public format a response is written in: OpenAI chat completions, legacy completions, Anthropic
 * messages, or OpenAI responses. The request path is the same for all; only the rendering differs.
 */
public interface OutputDialect {

    /** The generation's api_type: "chat", "completions", "messages" or "responses". */
    String apiType();

    Buffer body(ChatResponse response, ResponseMeta meta);

    /**
     * A renderer for one streamed response.
     *
     * @param promptTokens the prompt as the gateway counts it, for formats that announce input usage before any is reported
     */
    StreamRenderer stream(String generationId, long createdEpochSeconds, String model, String providerName, int promptTokens);

    /** An error response body in this dialect's error shape. */
    Buffer errorBody(ApiException error);
}
