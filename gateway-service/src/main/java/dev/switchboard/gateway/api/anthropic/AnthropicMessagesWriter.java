package dev.switchboard.gateway.api.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.wire.anthropic.ContentBlock;
import dev.switchboard.gateway.wire.anthropic.MessageUsage;
import dev.switchboard.gateway.wire.anthropic.MessagesResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A complete response → Anthropic's Message JSON for our {@code /api/v1/messages}: {@code id} is the generation id,
 * {@code model} the "author/slug" that served; reasoning, when there is any, comes first as a thinking block
 * (with an empty signature: we have none to give). Usage is written with Anthropic's meaning, where
 * {@code input_tokens} excludes the cache reads and writes, plus our {@code cost} in USD.
 * A tool call whose arguments are not a JSON object is written with an empty {@code input}.
 */
@ApplicationScoped
public class AnthropicMessagesWriter {

    static final ObjectMapper JSON = dev.switchboard.gateway.wire.JsonMappers.builder().build();

    /** The stop reasons Anthropic defines; a provider's own value is kept when it is one of them. */
    private static final Set<String> STOP_REASONS = Set.of("end_turn", "max_tokens", "stop_sequence", "tool_use",
            "pause_turn", "refusal");

    public byte[] write(ChatResponse response, MessagesMeta meta) {
        List<ContentBlock> content = new ArrayList<>();
        if (response.thinking().isEmpty() && response.reasoning() != null && !response.reasoning().isEmpty()) {
            content.add(new ContentBlock.Thinking(response.reasoning(), "")); // unsigned (an OpenAI-format upstream's)
        }
        for (ContentPart part : response.content()) {
            switch (part) {
                case ContentPart.Text t -> content.add(new ContentBlock.Text(t.text()));
                case ContentPart.ToolUse u -> content.add(new ContentBlock.ToolUse(u.id(), u.name(), input(u.argumentsJson())));
                case ContentPart.Thinking t -> content.add(ThinkingBlocks.block(t));
                default -> { }
            }
        }
        MessagesResponse message = new MessagesResponse(meta.generationId(), "message", "assistant", meta.model(), content,
                stopReason(response.finishReason(), response.nativeFinishReason()), null,
                usage(meta.usage(), meta.costNanoUsd()));
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Message", e);
        }
    }

    /** Anthropic's stop reason for a canonical finish: the native one when it is Anthropic's, else mapped. */
    static String stopReason(FinishReason reason, String nativeReason) {
        if (nativeReason != null && STOP_REASONS.contains(nativeReason)) {
            return nativeReason;
        }
        return switch (reason == null ? FinishReason.STOP : reason) {
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
            case STOP, ERROR -> "end_turn";
        };
    }

    /** Canonical usage → Anthropic's, whose input_tokens leaves out cache reads and writes. */
    static MessageUsage usage(Usage usage, long costNanoUsd) {
        Usage u = usage == null ? Usage.ZERO : usage;
        int input = Math.max(0, u.promptTokens() - u.cachedPromptTokens() - u.cacheWriteTokens());
        return new MessageUsage(input, u.cacheWriteTokens(), u.cachedPromptTokens(), u.completionTokens(),
                usd(costNanoUsd));
    }

    static BigDecimal usd(long nanoUsd) {
        return nanoUsd == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(nanoUsd, 9).stripTrailingZeros();
    }

    /** Tool arguments as a JSON object; an empty object when they are not one. */
    static JsonNode input(String argumentsJson) {
        if (argumentsJson != null && !argumentsJson.isBlank()) {
            try {
                JsonNode node = JSON.readTree(argumentsJson);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (JsonProcessingException e) {
                // an empty object below
            }
        }
        return JSON.createObjectNode();
    }
}
