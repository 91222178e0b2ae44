package dev.switchboard.gateway.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ToolCallIds;
import dev.switchboard.gateway.providers.sse.SseEvent;
import dev.switchboard.gateway.wire.openai.ChatCompletionChunk;
import dev.switchboard.gateway.wire.openai.ChatDelta;
import dev.switchboard.gateway.wire.openai.ChunkChoice;
import dev.switchboard.gateway.wire.openai.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An OpenAI-compatible chat stream → canonical chunks. Emits {@link ChatChunk.Start} with the first chunk, text,
 * reasoning and tool-call deltas of choice 0 as they come, {@link ChatChunk.Finish} once, and one
 * {@link ChatChunk.UsageReport} at the end ({@code data: [DONE]}, or EOF after a finish): usage arrives in a last
 * chunk with {@code choices: []} (we always ask with {@code include_usage}); when several chunks carry usage the
 * last one wins. Each tool call's id and name are passed on once, on its first piece.
 * An {@code error} object in the stream, or an {@code event: error}, is a {@link ProviderException}; so is
 * malformed JSON (BAD_RESPONSE) and an EOF before any finish (UPSTREAM).
 */
final class OpenAiStreamParser implements ChatStreamParser {

    private static final String DONE = "[DONE]";

    private final ObjectMapper json;
    /** Built once by the adapter: finding the target type on every event was a tenth of the parse. */
    private final ObjectReader chunkReader;
    private final OpenAiErrorMapper errors;
    private final Set<Integer> toolCallIdsSent = new HashSet<>();
    /** The completion's id, which scopes the ids made for calls the server left without one. */
    private String responseId;
    private final Set<Integer> toolCallNamesSent = new HashSet<>();
    private boolean started;
    private boolean finished;
    private boolean done;
    private boolean hadToolCalls;
    private Usage usage;

    OpenAiStreamParser(ObjectMapper json, ObjectReader chunkReader, OpenAiErrorMapper errors) {
        this.json = json;
        this.chunkReader = chunkReader;
        this.errors = errors;
    }

    @Override
    public List<ChatChunk> onEvent(SseEvent event) {
        String data = event.data().strip();
        if (done || data.isEmpty()) {
            return List.of();
        }
        if (data.equals(DONE)) {
            return complete();
        }
        boolean errorEvent = "error".equals(event.event());
        ChatCompletionChunk chunk = errorEvent ? null : readDirectly(data);
        if (chunk == null) {
            JsonNode tree = parse(data, errorEvent);
            if (tree.hasNonNull("error") || errorEvent) {
                throw errors.mapEmbedded(tree.hasNonNull("error") ? tree.get("error") : tree);
            }
            chunk = read(tree);
        }
        List<ChatChunk> out = new ArrayList<>(2);
        if (!started) {
            started = true;
            responseId = chunk.id();
            out.add(new ChatChunk.Start(chunk.id(), chunk.model()));
        }
        Usage reported = OpenAiResponseMapper.usage(chunk.usage());
        if (reported != null) {
            usage = reported;
        }
        if (chunk.choices() != null) {
            for (ChunkChoice choice : chunk.choices()) {
                if (choice.index() == null || choice.index() == 0) {
                    onChoice(choice, out);
                }
            }
        }
        return out;
    }

    @Override
    public List<ChatChunk> onEnd() {
        if (done) {
            return List.of();
        }
        if (!finished) {
            done = true;
            throw new ProviderException(ProviderException.Kind.UPSTREAM, 200, null,
                    "the provider's stream ended before the response was complete", null);
        }
        return complete();
    }

    private void onChoice(ChunkChoice choice, List<ChatChunk> out) {
        ChatDelta delta = choice.delta();
        if (delta != null) {
            String reasoning = delta.reasoning() != null ? delta.reasoning() : delta.reasoningContent();
            if (reasoning != null && !reasoning.isEmpty()) {
                out.add(new ChatChunk.ReasoningDelta(reasoning));
            }
            if (delta.content() != null && !delta.content().isEmpty()) {
                out.add(new ChatChunk.TextDelta(delta.content()));
            }
            if (delta.refusal() != null && !delta.refusal().isEmpty()) {
                out.add(new ChatChunk.TextDelta(delta.refusal()));
            }
            if (delta.toolCalls() != null) {
                for (int position = 0; position < delta.toolCalls().size(); position++) {
                    toolCall(delta.toolCalls().get(position), position, out);
                }
            }
        }
        if (choice.finishReason() != null && !finished) {
            finished = true;
            out.add(new ChatChunk.Finish(OpenAiResponseMapper.finishReason(choice.finishReason(), hadToolCalls),
                    choice.finishReason()));
        }
    }

    private void toolCall(ToolCall call, int position, List<ChatChunk> out) {
        // The index is required by OpenAI; a few compatible servers leave it out when calls come whole.
        int index = call.index() != null ? call.index() : position;
        // the first piece of a call names it; a server that gives no id gets one made ({@link ToolCallIds})
        String id = toolCallIdsSent.add(index) ? ToolCallIds.orMake(call.id(), responseId, index) : null;
        String name = call.function() != null && call.function().name() != null && toolCallNamesSent.add(index)
                ? call.function().name() : null;
        String arguments = call.function() != null && call.function().arguments() != null ? call.function().arguments() : "";
        if (id != null || name != null || !arguments.isEmpty()) {
            hadToolCalls = true;
            out.add(new ChatChunk.ToolCallDelta(index, id, name, arguments));
        }
    }

    /** The provider said the stream is complete: a finish (implied if none came) and the usage, once. */
    private List<ChatChunk> complete() {
        done = true;
        List<ChatChunk> out = new ArrayList<>(2);
        if (!finished) {
            finished = true;
            out.add(new ChatChunk.Finish(OpenAiResponseMapper.finishReason(null, hadToolCalls), null));
        }
        if (usage != null) {
            out.add(new ChatChunk.UsageReport(usage));
        }
        return out;
    }

    /**
     * The common case in one pass, straight into the chunk (no tree first): data that cannot hold an {@code error} key
     * and reads cleanly. Anything else (an error, malformed or odd data) returns null and takes the tree path, which
     * tells exactly what is wrong.
     */
    private ChatCompletionChunk readDirectly(String data) {
        if (data.charAt(0) != '{' || data.contains("\"error\"")) {
            return null;
        }
        try {
            return chunkReader.readValue(data);
        } catch (IOException e) {
            return null;
        }
    }

    /** The chunk as a JSON object; an error event's data may also be plain text, which is then the message. */
    private JsonNode parse(String data, boolean errorEvent) {
        JsonNode tree;
        try {
            tree = json.readTree(data);
        } catch (IOException e) {
            if (errorEvent) {
                return TextNode.valueOf(data);
            }
            throw OpenAiResponseMapper.badResponse("a stream chunk is not valid JSON: " + OpenAiResponseMapper.reason(e));
        }
        if (tree == null || !(tree.isObject() || errorEvent)) {
            throw OpenAiResponseMapper.badResponse("a stream chunk is not a JSON object");
        }
        return tree;
    }

    private ChatCompletionChunk read(JsonNode tree) {
        try {
            return json.treeToValue(tree, ChatCompletionChunk.class);
        } catch (IOException e) {
            throw OpenAiResponseMapper.badResponse("a stream chunk has an unexpected shape: " + OpenAiResponseMapper.reason(e));
        }
    }
}
