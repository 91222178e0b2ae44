package dev.switchboard.gateway.api.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.wire.anthropic.BlockDelta;
import dev.switchboard.gateway.wire.anthropic.ContentBlock;
import dev.switchboard.gateway.wire.anthropic.MessageDeltaBody;
import dev.switchboard.gateway.wire.anthropic.MessageUsage;
import dev.switchboard.gateway.wire.anthropic.MessagesResponse;
import dev.switchboard.gateway.wire.anthropic.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical chunks → Anthropic's event stream for our {@code /api/v1/messages}, one writer per response, not
 * thread-safe. Each method returns whole SSE events ({@code event: x\ndata: {…}\n\n}), in Anthropic's order:
 * {@code message_start}; per block {@code content_block_start}, deltas, {@code content_block_stop} (text as
 * {@code text_delta}, reasoning as a thinking block of {@code thinking_delta}s closed by its {@code signature_delta}
 * (redacted reasoning as a {@code redacted_thinking} block), each tool call as a tool_use block
 * of {@code input_json_delta}s); then {@code message_delta} (stop reason, usage) and {@code message_stop}.
 * <p>
 * {@code message_start} carries the input side of usage: as the provider reported it when its stream starts with it
 * (Anthropic upstreams), else the gateway's count of the prompt given to the constructor (OpenAI-format and Gemini
 * upstreams report usage only at the end); {@code message_delta} carries the complete usage, input included, as
 * Anthropic's cumulative message_delta usage does. A tool call delta whose call never started (no id and name seen)
 * is left out.
 */
public final class AnthropicStreamWriter {

    private enum Block { NONE, TEXT, THINKING, TOOL }

    private final String generationId;
    private final String model;
    private final int inputTokensEstimate;
    /** Canonical tool call index → content block index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    /** Signatures of the open text block, given as thinking blocks once it closes. */
    private final List<ContentPart.Thinking> afterText = new ArrayList<>(1);
    private boolean started;
    /** Whether message_start announced the gateway's own count of the input. */
    private boolean estimatedStart;
    private boolean finished;
    private Block open = Block.NONE;
    private int openIndex = -1;
    private int nextIndex;
    private FinishReason finishReason;
    private String nativeFinishReason;
    private Usage reportedUsage;

    public AnthropicStreamWriter(String generationId, String model) {
        this(generationId, model, 0);
    }

    /** @param inputTokensEstimate the prompt's tokens as the gateway counted them, for {@code message_start} */
    public AnthropicStreamWriter(String generationId, String model, int inputTokensEstimate) {
        this.generationId = generationId;
        this.model = model;
        this.inputTokensEstimate = inputTokensEstimate;
    }

    /** {@code message_start}, once: the first call returns it, later calls nothing. {@link #onChunk} calls it too. */
    public List<String> start() {
        return start(null);
    }

    /**
     * {@code message_start} with the input side of usage: what the provider reported at its start when it did
     * (Anthropic), else the gateway's count of the prompt. {@code message_delta} carries the final figures either way.
     */
    private List<String> start(Usage reported) {
        if (started) {
            return List.of();
        }
        started = true;
        estimatedStart = reported == null;
        MessageUsage input = reported == null ? new MessageUsage(inputTokensEstimate, 0, 0, 0, null, Boolean.TRUE) // marked as ours
                : new MessageUsage(Math.max(0, reported.promptTokens() - reported.cachedPromptTokens() - reported.cacheWriteTokens()),
                        reported.cacheWriteTokens(), reported.cachedPromptTokens(), 0, null);
        MessagesResponse message = new MessagesResponse(generationId, "message", "assistant", model, List.of(), null,
                null, input);
        return List.of(event("message_start", new StreamEvent.MessageStart(message)));
    }

    /** The events for one chunk (none for Start, Finish and UsageReport, which {@link #finish} uses). */
    public List<String> onChunk(ChatChunk chunk) {
        if (finished) {
            return List.of();
        }
        List<String> events = new ArrayList<>(chunk instanceof ChatChunk.Start s ? start(s.promptUsage()) : start());
        switch (chunk) {
            case ChatChunk.TextDelta text when !text.text().isEmpty() -> {
                openIfNot(Block.TEXT, new ContentBlock.Text(""), events);
                events.add(delta(openIndex, new BlockDelta.TextDelta(text.text())));
            }
            case ChatChunk.ReasoningDelta reasoning when !reasoning.text().isEmpty() -> {
                openIfNot(Block.THINKING, new ContentBlock.Thinking("", null), events);
                events.add(delta(openIndex, new BlockDelta.ThinkingDelta(reasoning.text())));
            }
            case ChatChunk.ReasoningDetail detail -> onReasoningDetail(detail.thinking(), events);
            case ChatChunk.ToolCallDelta call -> onToolCall(call, events);
            case ChatChunk.Finish finish -> {
                finishReason = finish.reason();
                nativeFinishReason = finish.nativeReason();
            }
            case ChatChunk.UsageReport report -> reportedUsage = report.usage();
            default -> { }
        }
        return events;
    }

    /**
     * Closes the open block and ends the message: {@code message_delta} with the stop reason and {@code usage}
     * (null: the last UsageReport seen), then {@code message_stop}. Later calls return nothing.
     */
    public List<String> finish(Usage usage, long costNanoUsd) {
        if (finished) {
            return List.of();
        }
        List<String> events = new ArrayList<>(start());
        close(events);
        finished = true;
        FinishReason reason = finishReason != null ? finishReason
                : toolBlocks.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        String stopReason = AnthropicMessagesWriter.stopReason(reason, nativeFinishReason);
        MessageUsage final_ = AnthropicMessagesWriter.usage(usage != null ? usage : reportedUsage, costNanoUsd);
        if (estimatedStart) {
            // the final figure is the provider's: said outright, for clients that merge message_start's usage into it
            final_ = new MessageUsage(final_.inputTokens(), final_.cacheCreationInputTokens(), final_.cacheReadInputTokens(),
                    final_.outputTokens(), final_.cost(), Boolean.FALSE);
        }
        events.add(event("message_delta", new StreamEvent.MessageDelta(new MessageDeltaBody(stopReason, null), final_)));
        events.add(event("message_stop", new StreamEvent.MessageStop()));
        return events;
    }

    /** An {@code error} event, for a failure after the stream started; the stream should end after it. */
    public String error(int status, String message) {
        finished = true;
        return "event: error\ndata: " + AnthropicErrorWriter.json(status, message) + "\n\n";
    }

    /** A {@code ping} event, a keep-alive any Anthropic client skips. */
    public static String ping() {
        return "event: ping\ndata: {\"type\":\"ping\"}\n\n";
    }

    /**
     * Anthropic's signature closes the thinking block its text streamed into; a redacted block is whole; a Gemini
     * signature is a thinking block of its own, whose signature carries it ({@link ThinkingBlocks}).
     */
    private void onReasoningDetail(ContentPart.Thinking thinking, List<String> events) {
        if (open == Block.TEXT && !ContentPart.Thinking.ANTHROPIC.equals(thinking.format()) && thinking.toolCallId() == null) {
            // a Gemini signature on a piece of text: given after the text block, not splitting it; read back, it
            // goes onto that text again
            afterText.add(thinking);
            return;
        }
        if (thinking.data() != null) {
            startBlock(Block.THINKING, ThinkingBlocks.block(thinking), events);
            close(events);
        } else if (ContentPart.Thinking.ANTHROPIC.equals(thinking.format()) && open == Block.THINKING) {
            events.add(delta(openIndex, new BlockDelta.SignatureDelta(ThinkingBlocks.signature(thinking))));
            close(events);
        } else {
            close(events);
            signatureBlock(thinking, events);
        }
    }

    /** A thinking block that only carries a signature: a Gemini one (sealed), or Anthropic's without its text. */
    private void signatureBlock(ContentPart.Thinking thinking, List<String> events) {
        int index = nextIndex++;
        events.add(event("content_block_start", new StreamEvent.ContentBlockStart(index, new ContentBlock.Thinking("", null))));
        events.add(delta(index, new BlockDelta.SignatureDelta(ThinkingBlocks.signature(thinking))));
        events.add(event("content_block_stop", new StreamEvent.ContentBlockStop(index)));
    }

    private void onToolCall(ChatChunk.ToolCallDelta call, List<String> events) {
        Integer block = toolBlocks.get(call.index());
        if (block == null) {
            if (call.id() == null && call.name() == null) {
                return;
            }
            startBlock(Block.TOOL, new ContentBlock.ToolUse(call.id(), call.name(),
                    AnthropicMessagesWriter.JSON.createObjectNode()), events);
            block = openIndex;
            toolBlocks.put(call.index(), block);
        }
        if (call.argumentsDelta() != null && !call.argumentsDelta().isEmpty()) {
            events.add(delta(block, new BlockDelta.InputJsonDelta(call.argumentsDelta())));
        }
    }

    /** Starts a block of {@code kind} unless one of that kind is open. */
    private void openIfNot(Block kind, ContentBlock start, List<String> events) {
        if (open != kind) {
            startBlock(kind, start, events);
        }
    }

    /** Closes the open block, if any, and starts a new one. */
    private void startBlock(Block kind, ContentBlock start, List<String> events) {
        close(events);
        open = kind;
        openIndex = nextIndex++;
        events.add(event("content_block_start", new StreamEvent.ContentBlockStart(openIndex, start)));
    }

    private void close(List<String> events) {
        if (openIndex >= 0) {
            events.add(event("content_block_stop", new StreamEvent.ContentBlockStop(openIndex)));
        }
        open = Block.NONE;
        openIndex = -1;
        List<ContentPart.Thinking> signatures = List.copyOf(afterText);
        afterText.clear();
        signatures.forEach(thinking -> signatureBlock(thinking, events));
    }

    private static String delta(int index, BlockDelta delta) {
        return event("content_block_delta", new StreamEvent.ContentBlockDelta(index, delta));
    }

    private static String event(String name, StreamEvent data) {
        try {
            return "event: " + name + "\ndata: " + AnthropicMessagesWriter.JSON.writerFor(StreamEvent.class)
                    .writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the " + name + " event", e);
        }
    }
}
