package dev.switchboard.gateway.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ToolCallIds;
import dev.switchboard.gateway.providers.sse.SseEvent;
import dev.switchboard.gateway.wire.gemini.Candidate;
import dev.switchboard.gateway.wire.gemini.ErrorStatus;
import dev.switchboard.gateway.wire.gemini.GenerateContentResponse;
import dev.switchboard.gateway.wire.gemini.Part;
import dev.switchboard.gateway.wire.gemini.UsageMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gemini's {@code streamGenerateContent?alt=sse} → canonical chunks. Each event's data is a partial
 * GenerateContentResponse: text arrives in pieces, a function call arrives whole (one ToolCallDelta with the id
 * {@link ToolCallIds} gives, name and all its arguments), a thought signature as a
 * ReasoningDetail right before the piece of its part, the last piece carries the finish reason. Every piece
 * carries the usage so far, so the last one is reported, once, when the stream ends. Gemini has no end marker:
 * a stream that ends without a finish reason ended early.
 */
final class GeminiStreamParser implements ChatStreamParser {

    private final ObjectMapper json;
    private final GeminiErrorMapper errors;
    private boolean started;
    private boolean finished;
    private int toolCalls;
    /** The response's id (every piece repeats it), which scopes the ids given to its function calls. */
    private String responseId;
    private UsageMetadata usage;

    GeminiStreamParser(ObjectMapper json, GeminiErrorMapper errors) {
        this.json = json;
        this.errors = errors;
    }

    @Override
    public List<ChatChunk> onEvent(SseEvent event) {
        if (event.data() == null || event.data().isBlank()) {
            return List.of();
        }
        GenerateContentResponse piece = read(event.data());
        List<ChatChunk> chunks = new ArrayList<>();
        if (!started) {
            started = true;
            responseId = piece.responseId();
            chunks.add(new ChatChunk.Start(piece.responseId(), piece.modelVersion()));
        }
        if (piece.usageMetadata() != null) {
            usage = piece.usageMetadata();
        }
        if (piece.candidates() == null || piece.candidates().isEmpty()) {
            GeminiResponseMapper.throwIfBlocked(piece);
            return chunks;
        }
        Candidate candidate = piece.candidates().getFirst();
        if (candidate.content() != null && candidate.content().parts() != null) {
            for (Part part : candidate.content().parts()) {
                String signature = GeminiResponseMapper.signature(part);
                if (part.functionCall() != null) {
                    int index = toolCalls++;
                    String id = ToolCallIds.orMake(part.functionCall().id(), responseId, index);
                    if (signature != null) {
                        chunks.add(new ChatChunk.ReasoningDetail(
                                new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, signature, null, id)));
                    }
                    chunks.add(new ChatChunk.ToolCallDelta(index, id, part.functionCall().name(),
                            GeminiResponseMapper.arguments(part.functionCall())));
                    continue;
                }
                boolean thought = Boolean.TRUE.equals(part.thought());
                if (part.text() != null && !part.text().isEmpty() && thought) {
                    chunks.add(new ChatChunk.ReasoningDelta(part.text()));
                }
                if (signature != null) {
                    chunks.add(new ChatChunk.ReasoningDetail(
                            new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, signature, null, null)));
                }
                if (part.text() != null && !part.text().isEmpty() && !thought) {
                    chunks.add(new ChatChunk.TextDelta(part.text()));
                }
            }
        }
        if (candidate.finishReason() != null && !finished) {
            finished = true;
            chunks.add(new ChatChunk.Finish(GeminiResponseMapper.finishReason(candidate.finishReason(), toolCalls > 0),
                    candidate.finishReason()));
        }
        return chunks;
    }

    @Override
    public List<ChatChunk> onEnd() {
        if (!finished) {
            throw new ProviderException(ProviderException.Kind.UPSTREAM, 200, null,
                    "the Gemini stream ended early, before a finish reason", null);
        }
        return usage == null ? List.of() : List.of(new ChatChunk.UsageReport(GeminiResponseMapper.usage(usage)));
    }

    private GenerateContentResponse read(String data) {
        try {
            JsonNode root = json.readTree(data);
            ErrorStatus error = errors.parse(root);
            if (error != null) {
                int status = error.code() != null ? error.code() : 500;
                throw errors.map(status, Map.of(), error);
            }
            return json.treeToValue(root, GenerateContentResponse.class);
        } catch (JsonProcessingException e) {
            throw GeminiResponseMapper.badResponse("unreadable Gemini stream event: " + e.getOriginalMessage());
        }
    }

    @Override
    public dev.switchboard.gateway.canonical.Usage usageSoFar() {
        return usage == null ? null : GeminiResponseMapper.usage(usage);
    }
}
