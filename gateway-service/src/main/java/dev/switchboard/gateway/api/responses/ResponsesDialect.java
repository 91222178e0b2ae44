package dev.switchboard.gateway.api.responses;

import dev.switchboard.gateway.api.ErrorBody;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.proxy.OutputDialect;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.proxy.StreamRenderer;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * {@code POST /api/v1/responses}: answers in OpenAI's Responses format. One per request, as a response echoes its
 * request's settings. Errors that are whole responses are in the OpenRouter envelope, as on {@code /chat/completions}
 * (the OpenAI SDKs read it); a stream that fails after it started ends with {@code error} and {@code response.failed}.
 */
public final class ResponsesDialect implements OutputDialect {

    private final ResponseSettings settings;

    public ResponsesDialect(ResponseSettings settings) {
        this.settings = settings;
    }

    @Override
    public String apiType() {
        return "responses";
    }

    @Override
    public Buffer body(ChatResponse response, ResponseMeta meta) {
        return Buffer.buffer(ResponsesWriter.write(response, meta, settings));
    }

    @Override
    public StreamRenderer stream(String generationId, long createdEpochSeconds, String model, String providerName, int promptTokens) {
        ResponsesStreamWriter events = new ResponsesStreamWriter(generationId, createdEpochSeconds, model, providerName, settings);
        return new StreamRenderer() {
            @Override
            public Buffer chunk(ChatChunk chunk) {
                return join(events.onChunk(chunk));
            }

            @Override
            public Buffer end(ResponseMeta meta) {
                return join(events.finish(meta));
            }

            @Override
            public Buffer error(ApiException error, ResponseMeta meta) {
                return join(events.error(error.code().status(), error.getMessage(), meta));
            }
        };
    }

    @Override
    public Buffer errorBody(ApiException error) {
        return Buffer.buffer(ErrorBody.json(error));
    }

    private static Buffer join(List<String> events) {
        Buffer buffer = Buffer.buffer();
        events.forEach(buffer::appendString);
        return buffer;
    }
}
