package dev.switchboard.gateway.api.openai;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatResponse;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.Optional;

/** {@code POST /api/v1/chat/completions}: OpenAI chat completions with OpenRouter's extensions. */
@Singleton
public class ChatDialect extends OpenAiStyleDialect {

    @Inject
    OpenAiChatResponseWriter writer;

    @Override
    public String apiType() {
        return "chat";
    }

    @Override
    byte[] completion(ChatResponse response, ResponseMeta meta) {
        return writer.completion(response, meta);
    }

    @Override
    Optional<byte[]> chunk(ChatChunk chunk, ResponseMeta meta) {
        return writer.chunk(chunk, meta);
    }

    @Override
    OpenAiChatResponseWriter.TextFrames textFrames(ResponseMeta meta) {
        return writer.textFrames(meta);
    }

    @Override
    byte[] usageChunk(ResponseMeta meta) {
        return writer.usageChunk(meta);
    }

    @Override
    byte[] errorChunk(ApiException error, ResponseMeta meta) {
        return writer.errorChunk(error, meta);
    }
}
