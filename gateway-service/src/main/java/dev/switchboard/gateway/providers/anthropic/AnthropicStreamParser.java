package dev.switchboard.gateway.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.sse.SseEvent;
import dev.switchboard.gateway.wire.anthropic.BlockDelta;
import dev.switchboard.gateway.wire.anthropic.ContentBlock;
import dev.switchboard.gateway.wire.anthropic.MessageUsage;
import dev.switchboard.gateway.wire.anthropic.StreamEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's event stream → canonical chunks. The sequence is {@code message_start}, then per content block
 * {@code content_block_start}, {@code content_block_delta}s and {@code content_block_stop}, then
 * {@code message_delta} (stop reason, cumulative usage) and {@code message_stop}; {@code ping}s anywhere.
 * Tool calls are numbered among the tool_use blocks only, from 0. Usage starts with message_start's input side
 * and takes every field message_delta reports; it is emitted once, at message_stop.
 */
final class AnthropicStreamParser implements ChatStreamParser {

    private final ObjectMapper json;
    /** Block index → tool call index, for the tool_use blocks. */
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private Integer inputTokens;
    private Integer cacheReadTokens;
    private Integer cacheWriteTokens;
    private Integer outputTokens;
    private boolean stopped;

    AnthropicStreamParser(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public List<ChatChunk> onEvent(SseEvent event) {
        if (stopped || event.data() == null || event.data().isBlank()) {
            return List.of();
        }
        StreamEvent parsed;
        try {
            parsed = json.readValue(event.data(), StreamEvent.class);
        } catch (JsonProcessingException e) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, 200, null,
                    "unreadable Anthropic stream event " + event.event() + ": " + e.getOriginalMessage(), null);
        }
        return switch (parsed) {
            case StreamEvent.MessageStart start -> onMessageStart(start);
            case StreamEvent.ContentBlockStart start -> onBlockStart(start);
            case StreamEvent.ContentBlockDelta delta -> onBlockDelta(delta);
            case StreamEvent.MessageDelta delta -> onMessageDelta(delta);
            case StreamEvent.MessageStop ignored -> {
                stopped = true;
                yield List.of(new ChatChunk.UsageReport(AnthropicResponseMapper.usage(
                        new MessageUsage(inputTokens, cacheWriteTokens, cacheReadTokens, outputTokens, null))));
            }
            case StreamEvent.Error error -> throw streamError(error);
            case StreamEvent.ContentBlockStop ignored -> List.of();
            case StreamEvent.Ping ignored -> List.of();
            case StreamEvent.Other ignored -> List.of();
        };
    }

    @Override
    public List<ChatChunk> onEnd() {
        if (!stopped) {
            throw new ProviderException(ProviderException.Kind.UPSTREAM, 200, null,
                    "the Anthropic stream ended early, before message_stop", null);
        }
        return List.of();
    }

    private List<ChatChunk> onMessageStart(StreamEvent.MessageStart start) {
        if (start.message() == null) {
            return List.of();
        }
        takeUsage(start.message().usage());
        Usage prompt = inputTokens == null ? null
                : AnthropicResponseMapper.usage(new MessageUsage(inputTokens, cacheWriteTokens, cacheReadTokens, 0, null));
        return List.of(new ChatChunk.Start(start.message().id(), start.message().model(), prompt));
    }

    private List<ChatChunk> onBlockStart(StreamEvent.ContentBlockStart start) {
        return switch (start.contentBlock()) {
            case ContentBlock.ToolUse use -> {
                int toolIndex = toolIndexByBlock.size();
                toolIndexByBlock.put(start.index(), toolIndex);
                yield List.of(new ChatChunk.ToolCallDelta(toolIndex, use.id(), use.name(), ""));
            }
            case ContentBlock.Text text when text.text() != null && !text.text().isEmpty() ->
                    List.of(new ChatChunk.TextDelta(text.text()));
            case ContentBlock.Thinking thinking when thinking.thinking() != null && !thinking.thinking().isEmpty() ->
                    List.of(new ChatChunk.ReasoningDelta(thinking.thinking()));
            case ContentBlock.RedactedThinking redacted -> List.of(new ChatChunk.ReasoningDetail(
                    new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, null, null, redacted.data(), null)));
            case null, default -> List.of();
        };
    }

    private List<ChatChunk> onBlockDelta(StreamEvent.ContentBlockDelta delta) {
        return switch (delta.delta()) {
            case BlockDelta.TextDelta text when text.text() != null && !text.text().isEmpty() ->
                    List.of(new ChatChunk.TextDelta(text.text()));
            case BlockDelta.InputJsonDelta input when input.partialJson() != null && !input.partialJson().isEmpty()
                    && toolIndexByBlock.containsKey(delta.index()) ->
                    List.of(new ChatChunk.ToolCallDelta(toolIndexByBlock.get(delta.index()), null, null, input.partialJson()));
            case BlockDelta.ThinkingDelta thinking when thinking.thinking() != null && !thinking.thinking().isEmpty() ->
                    List.of(new ChatChunk.ReasoningDelta(thinking.thinking()));
            // the signature closes the thinking block: it signs the text streamed before it
            case BlockDelta.SignatureDelta signature when signature.signature() != null && !signature.signature().isEmpty() ->
                    List.of(new ChatChunk.ReasoningDetail(new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, null,
                            signature.signature(), null, null)));
            case null, default -> List.of();
        };
    }

    private List<ChatChunk> onMessageDelta(StreamEvent.MessageDelta delta) {
        takeUsage(delta.usage());
        if (delta.delta() == null || delta.delta().stopReason() == null) {
            return List.of();
        }
        String stopReason = delta.delta().stopReason();
        return List.of(new ChatChunk.Finish(AnthropicResponseMapper.finishReason(stopReason), stopReason));
    }

    /** Takes every field the event reports: message_delta's counts are cumulative, so later values win. */
    @Override
    public dev.switchboard.gateway.canonical.Usage usageSoFar() {
        return inputTokens == null ? null
                : AnthropicResponseMapper.usage(new MessageUsage(inputTokens, cacheWriteTokens, cacheReadTokens, outputTokens, null));
    }

    private void takeUsage(MessageUsage usage) {
        if (usage == null) {
            return;
        }
        inputTokens = usage.inputTokens() != null ? usage.inputTokens() : inputTokens;
        cacheReadTokens = usage.cacheReadInputTokens() != null ? usage.cacheReadInputTokens() : cacheReadTokens;
        cacheWriteTokens = usage.cacheCreationInputTokens() != null ? usage.cacheCreationInputTokens() : cacheWriteTokens;
        outputTokens = usage.outputTokens() != null ? usage.outputTokens() : outputTokens;
    }

    private static ProviderException streamError(StreamEvent.Error error) {
        String type = error.error() == null ? null : error.error().type();
        String message = error.error() == null || error.error().message() == null
                ? "Anthropic sent an error event" : error.error().message();
        ProviderException.Kind kind = type == null ? null : AnthropicErrorMapper.kindOf(type);
        return new ProviderException(kind == null ? ProviderException.Kind.UPSTREAM : kind,
                AnthropicErrorMapper.statusOf(type), type, message, null);
    }
}
