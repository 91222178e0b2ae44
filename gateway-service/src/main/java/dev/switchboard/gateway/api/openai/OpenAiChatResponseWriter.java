package dev.switchboard.gateway.api.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.ApiJson;
import dev.switchboard.gateway.api.ErrorBody;
import dev.switchboard.gateway.api.SseFrames;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.wire.openai.ChatChoice;
import dev.switchboard.gateway.wire.openai.ChatCompletionChunk;
import dev.switchboard.gateway.wire.openai.ChatCompletionResponse;
import dev.switchboard.gateway.wire.openai.ChatDelta;
import dev.switchboard.gateway.wire.openai.ChunkChoice;
import dev.switchboard.gateway.wire.openai.CompletionUsage;
import dev.switchboard.gateway.wire.openai.ErrorObject;
import dev.switchboard.gateway.wire.openai.FunctionCall;
import dev.switchboard.gateway.wire.openai.ResponseMessage;
import dev.switchboard.gateway.wire.openai.ToolCall;
import dev.switchboard.shared.errors.ErrorEnvelope;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Renders our {@code /chat/completions} responses as UTF-8 JSON, in the shapes the official OpenRouter and OpenAI
 * SDKs accept: a {@code chat.completion}; stream chunks ({@code chat.completion.chunk}, never with a null
 * {@code usage} or {@code system_fingerprint}); the final usage chunk ({@code choices: []}); the mid-stream error
 * chunk. Frame chunks with {@link dev.switchboard.gateway.api.SseFrames}. A stream is: the chunk of
 * {@link ChatChunk.Start} (role "assistant"), deltas, the finish chunk, {@link #usageChunk}, {@code [DONE]}.
 */
@Singleton
public class OpenAiChatResponseWriter {

    private static final String COMPLETION = "chat.completion";
    private static final String CHUNK = "chat.completion.chunk";

    /** A non-streamed response. {@code content} is null when the message only calls tools. */
    public byte[] completion(ChatResponse response, ResponseMeta meta) {
        List<ContentPart.ToolUse> toolUses = response.toolUses();
        String text = response.text();
        ResponseMessage message = new ResponseMessage("assistant",
                text.isEmpty() && !toolUses.isEmpty() ? null : TextNode.valueOf(text),
                null,
                response.reasoning(),
                null,
                ReasoningDetails.of(response.thinking()),
                toolUses.isEmpty() ? null : toolUses.stream()
                        .map(u -> new ToolCall(null, u.id(), "function", new FunctionCall(u.name(), u.argumentsJson())))
                        .toList());
        ChatChoice choice = new ChatChoice(0, message, null, wire(response.finishReason()), response.nativeFinishReason());
        return ApiJson.write(new ChatCompletionResponse(meta.generationId(), COMPLETION, meta.createdEpochSeconds(),
                meta.model(), meta.providerName(), null, List.of(choice),
                meta.usage() == null ? null : OpenAiUsage.of(meta)));
    }

    /**
     * The chunk a canonical chunk becomes: {@code Start} → {@code delta{role:"assistant", content:""}}; text,
     * reasoning and tool-call pieces → their delta; {@code Finish} → {@code delta{}} with the finish reasons.
     * Empty for {@code UsageReport}: usage goes out once, with its cost, in {@link #usageChunk}.
     */
    public Optional<byte[]> chunk(ChatChunk chunk, ResponseMeta meta) {
        ChunkChoice choice = switch (chunk) {
            case ChatChunk.Start ignored -> delta(new ChatDelta("assistant", "", null, null, null, null, null));
            case ChatChunk.TextDelta t -> delta(new ChatDelta(null, t.text(), null, null, null, null, null));
            // the text also as a detail, so a client that keeps only reasoning_details can send the reasoning back whole
            case ChatChunk.ReasoningDelta r -> delta(new ChatDelta(null, null, r.text(), null,
                    List.of(ReasoningDetails.piece(r.text())), null, null));
            case ChatChunk.ReasoningDetail r -> delta(new ChatDelta(null, null, null, null,
                    List.of(ReasoningDetails.of(r.thinking())), null, null));
            case ChatChunk.ToolCallDelta d -> delta(new ChatDelta(null, null, null, null, null, null, List.of(new ToolCall(
                    d.index(), d.id(), d.id() != null ? "function" : null, new FunctionCall(d.name(), d.argumentsDelta())))));
            case ChatChunk.Finish f -> new ChunkChoice(0, empty(), wire(f.reason()), f.nativeReason());
            case ChatChunk.UsageReport ignored -> null;
        };
        return choice == null ? Optional.empty() : Optional.of(write(meta, List.of(choice), null, null));
    }

    /**
     * The frames of one stream's text deltas, most of a stream's chunks: the bytes around the text are rendered once by
     * {@link #chunk} itself, and each delta only escapes its text into them, as Jackson's generator escapes a string
     * (serialising a chunk record per token was 7–9 % of a stream's CPU). Byte for byte what {@link #chunk} frames.
     */
    public TextFrames textFrames(ResponseMeta meta) {
        byte[] json = chunk(new ChatChunk.TextDelta(""), meta).orElseThrow();
        // the only such bytes: inside a JSON string every quote is escaped, so this is the delta's key
        int split = indexOf(json, TEXT_KEY) + TEXT_KEY.length - 1; // between the value's two quotes
        byte[] data = SseFrames.data(json);
        int head = data.length - 2 - (json.length - split); // "data: " and the JSON up to the split
        return new TextFrames(Arrays.copyOfRange(data, 0, head), Arrays.copyOfRange(data, head, data.length));
    }

    /** See {@link #textFrames}. */
    public static final class TextFrames {
        private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
        private final byte[] head;
        private final byte[] tail;

        private TextFrames(byte[] head, byte[] tail) {
            this.head = head;
            this.tail = tail;
        }

        /** {@code data: <the chunk of this text>\n\n}; null for a text with surrogates (the generic path handles those). */
        public byte[] frame(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (Character.isSurrogate(text.charAt(i))) {
                    return null;
                }
            }
            byte[] escaped = ESCAPE.quoteAsUTF8(text);
            byte[] frame = new byte[head.length + escaped.length + tail.length];
            System.arraycopy(head, 0, frame, 0, head.length);
            System.arraycopy(escaped, 0, frame, head.length, escaped.length);
            System.arraycopy(tail, 0, frame, head.length + escaped.length, tail.length);
            return frame;
        }
    }

    private static final byte[] TEXT_KEY = "\"content\":\"\"".getBytes(StandardCharsets.US_ASCII);

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no text delta key in " + new String(haystack, StandardCharsets.UTF_8));
    }

    /** The last chunk before {@code [DONE]}: no choices, the billed usage with its cost. */
    public byte[] usageChunk(ResponseMeta meta) {
        return write(meta, List.of(), OpenAiUsage.of(meta), null);
    }

    /**
     * The chunk that ends a stream whose response failed after it started (status 200 already sent):
     * {@code error{code, message, metadata{error_type, provider_name, …}}} and a choice finishing with "error".
     */
    public byte[] errorChunk(ApiException error, ResponseMeta meta) {
        ErrorEnvelope.Detail detail = ErrorBody.streamDetail(error, meta.providerName());
        ChunkChoice choice = new ChunkChoice(0, new ChatDelta(null, "", null, null, null, null, null), FinishReason.ERROR.wire(), null);
        return write(meta, List.of(choice), null, new ErrorObject(detail.code(), detail.message(), null, null, detail.metadata()));
    }

    private static byte[] write(ResponseMeta meta, List<ChunkChoice> choices, CompletionUsage usage, ErrorObject error) {
        return ApiJson.write(new ChatCompletionChunk(meta.generationId(), CHUNK, meta.createdEpochSeconds(), meta.model(),
                meta.providerName(), null, error, choices, usage));
    }

    private static ChunkChoice delta(ChatDelta delta) {
        return new ChunkChoice(0, delta, null, null);
    }

    private static ChatDelta empty() {
        return new ChatDelta(null, null, null, null, null, null, null);
    }

    static String wire(FinishReason reason) {
        return reason == null ? null : reason.wire();
    }
}
