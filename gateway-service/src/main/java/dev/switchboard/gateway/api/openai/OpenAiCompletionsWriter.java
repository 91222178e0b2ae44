package dev.switchboard.gateway.api.openai;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.ApiJson;
import dev.switchboard.gateway.api.ErrorBody;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.wire.openai.CompletionUsage;
import dev.switchboard.gateway.wire.openai.ErrorObject;
import dev.switchboard.gateway.wire.openai.TextCompletionChoice;
import dev.switchboard.gateway.wire.openai.TextCompletionResponse;
import dev.switchboard.shared.errors.ErrorEnvelope;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Renders our legacy {@code /completions} responses as UTF-8 JSON: a {@code text_completion}, its stream chunks
 * (the same object, text pieces in {@code choices[0].text}), the final usage chunk and the mid-stream error chunk.
 * Tool calls and reasoning have no place in this format and are left out.
 */
@Singleton
public class OpenAiCompletionsWriter {

    private static final String OBJECT = "text_completion";

    public byte[] completion(ChatResponse response, ResponseMeta meta) {
        TextCompletionChoice choice = new TextCompletionChoice(response.text(), 0, null,
                OpenAiChatResponseWriter.wire(response.finishReason()), response.nativeFinishReason());
        return write(meta, List.of(choice), meta.usage() == null ? null : OpenAiUsage.of(meta), null);
    }

    /** A text piece or the finish as a chunk; empty for every other canonical chunk. */
    public Optional<byte[]> chunk(ChatChunk chunk, ResponseMeta meta) {
        TextCompletionChoice choice = switch (chunk) {
            case ChatChunk.TextDelta t -> new TextCompletionChoice(t.text(), 0, null, null, null);
            case ChatChunk.Finish f -> new TextCompletionChoice("", 0, null, OpenAiChatResponseWriter.wire(f.reason()),
                    f.nativeReason());
            default -> null;
        };
        return choice == null ? Optional.empty() : Optional.of(write(meta, List.of(choice), null, null));
    }

    /** The last chunk before {@code [DONE]}: no choices, the billed usage with its cost. */
    public byte[] usageChunk(ResponseMeta meta) {
        return write(meta, List.of(), OpenAiUsage.of(meta), null);
    }

    /** The chunk that ends a failed stream: {@code error{code, message, metadata}} and a choice finishing with "error". */
    public byte[] errorChunk(ApiException error, ResponseMeta meta) {
        ErrorEnvelope.Detail detail = ErrorBody.streamDetail(error, meta.providerName());
        return write(meta, List.of(new TextCompletionChoice("", 0, null, FinishReason.ERROR.wire(), null)), null,
                new ErrorObject(detail.code(), detail.message(), null, null, detail.metadata()));
    }

    private static byte[] write(ResponseMeta meta, List<TextCompletionChoice> choices, CompletionUsage usage, ErrorObject error) {
        return ApiJson.write(new TextCompletionResponse(meta.generationId(), OBJECT, meta.createdEpochSeconds(), meta.model(),
                meta.providerName(), error, choices, usage));
    }
}
