package dev.switchboard.gateway.api.openai;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.ErrorBody;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.api.SseFrames;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.proxy.OutputDialect;
import dev.switchboard.gateway.proxy.StreamRenderer;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * Chat completions and legacy completions render alike: a JSON body, or {@code data:} chunks, one final
 * usage chunk with the cost ({@code choices: []}), then {@code data: [DONE]}; errors in the OpenRouter envelope.
 */
abstract class OpenAiStyleDialect implements OutputDialect {

    abstract byte[] completion(ChatResponse response, ResponseMeta meta);

    abstract Optional<byte[]> chunk(ChatChunk chunk, ResponseMeta meta);

    abstract byte[] usageChunk(ResponseMeta meta);

    abstract byte[] errorChunk(ApiException error, ResponseMeta meta);

    /** The dialect's frames of text deltas rendered without an object tree, or null where it has none. */
    OpenAiChatResponseWriter.TextFrames textFrames(ResponseMeta meta) {
        return null;
    }

    @Override
    public Buffer body(ChatResponse response, ResponseMeta meta) {
        return Buffer.buffer(completion(response, meta));
    }

    @Override
    public StreamRenderer stream(String generationId, long createdEpochSeconds, String model, String providerName, int promptTokens) {
        ResponseMeta start = ResponseMeta.start(generationId, createdEpochSeconds, model, providerName);
        OpenAiChatResponseWriter.TextFrames text = textFrames(start);
        return new StreamRenderer() {
            @Override
            public Buffer chunk(ChatChunk chunk) {
                if (text != null && chunk instanceof ChatChunk.TextDelta delta) {
                    byte[] frame = text.frame(delta.text());
                    if (frame != null) {
                        return Buffer.buffer(frame);
                    }
                }
                return OpenAiStyleDialect.this.chunk(chunk, start).map(json -> Buffer.buffer(SseFrames.data(json))).orElseGet(Buffer::buffer);
            }

            @Override
            public Buffer end(ResponseMeta meta) {
                return Buffer.buffer(SseFrames.data(usageChunk(meta))).appendBytes(SseFrames.done());
            }

            @Override
            public Buffer error(ApiException error, ResponseMeta meta) {
                return Buffer.buffer(SseFrames.data(errorChunk(error, meta)));
            }
        };
    }

    @Override
    public Buffer errorBody(ApiException error) {
        return Buffer.buffer(ErrorBody.json(error));
    }
}
