package dev.switchboard.gateway.api.anthropic;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.proxy.OutputDialect;
import dev.switchboard.gateway.proxy.StreamRenderer;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** {@code POST /api/v1/messages}: answers in the Anthropic Messages format, errors included. */
public final class MessagesDialect implements OutputDialect {

    public static final MessagesDialect INSTANCE = new MessagesDialect();
    private final AnthropicMessagesWriter writer = new AnthropicMessagesWriter();

    @Override
    public String apiType() {
        return "messages";
    }

    @Override
    public Buffer body(ChatResponse response, ResponseMeta meta) {
        return Buffer.buffer(writer.write(response, toMessagesMeta(meta)));
    }

    @Override
    public StreamRenderer stream(String generationId, long createdEpochSeconds, String model, String providerName, int promptTokens) {
        AnthropicStreamWriter events = new AnthropicStreamWriter(generationId, model, promptTokens);
        return new StreamRenderer() {
            @Override
            public Buffer chunk(ChatChunk chunk) {
                return join(events.onChunk(chunk));
            }

            @Override
            public Buffer end(ResponseMeta meta) {
                return join(events.finish(meta.usage(), meta.costNanos()));
            }

            @Override
            public Buffer error(ApiException error, ResponseMeta meta) {
                return Buffer.buffer(events.error(error.code().status(), error.getMessage()));
            }
        };
    }

    @Override
    public Buffer errorBody(ApiException error) {
        return Buffer.buffer(AnthropicErrorWriter.json(error.code().status(), error.getMessage()));
    }

    private static MessagesMeta toMessagesMeta(ResponseMeta meta) {
        return new MessagesMeta(meta.generationId(), meta.model(), meta.usage(), meta.costNanos());
    }

    private static Buffer join(List<String> events) {
        Buffer buffer = Buffer.buffer();
        events.forEach(buffer::appendString);
        return buffer;
    }
}
