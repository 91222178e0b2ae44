package dev.switchboard.gateway.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.wire.anthropic.ContentBlock;
import dev.switchboard.gateway.wire.anthropic.MessageUsage;
import dev.switchboard.gateway.wire.anthropic.MessagesResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Message object → {@link ChatResponse}: text and tool_use blocks in order, thinking blocks joined into the
 * reasoning, the stop reason normalised and the usage normalised (see {@link #usage}).
 */
final class AnthropicResponseMapper {

    private final ObjectMapper json;

    AnthropicResponseMapper(ObjectMapper json) {
        this.json = json;
    }

    ChatResponse map(byte[] body) {
        MessagesResponse message;
        try {
            message = json.readValue(body, MessagesResponse.class);
        } catch (JsonProcessingException e) {
            throw badResponse("the Anthropic response is not a Message: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badResponse("the Anthropic response is not a Message: " + e.getMessage());
        }
        if (message == null || message.content() == null) {
            throw badResponse("the Anthropic response has no content");
        }
        List<ContentPart> content = new ArrayList<>();
        StringBuilder reasoning = new StringBuilder();
        for (ContentBlock block : message.content()) {
            switch (block) {
                case ContentBlock.Text t -> content.add(new ContentPart.Text(t.text() == null ? "" : t.text()));
                case ContentBlock.ToolUse u -> content.add(new ContentPart.ToolUse(u.id(), u.name(),
                        u.input() == null ? "{}" : u.input().toString()));
                case ContentBlock.Thinking t -> {
                    String text = t.thinking() == null ? "" : t.thinking();
                    reasoning.append(text);
                    content.add(new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, text,
                            t.signature() == null || t.signature().isEmpty() ? null : t.signature(), null, null));
                }
                case ContentBlock.RedactedThinking r -> content.add(
                        new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, null, null, r.data(), null));
                default -> { }
            }
        }
        return new ChatResponse(message.id(), message.model(), content, reasoning.isEmpty() ? null : reasoning.toString(),
                finishReason(message.stopReason()), message.stopReason(), usage(message.usage()));
    }

    /** Anthropic's stop reasons, normalised; an unknown or missing one counts as a normal stop. */
    static FinishReason finishReason(String stopReason) {
        if (stopReason == null) {
            return FinishReason.STOP;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP;
        };
    }

    /**
     * Anthropic's {@code input_tokens} excludes the cache: canonical prompt tokens are input + cache reads +
     * cache writes, with the reads as cached tokens and the writes as cache-write tokens. Null when absent.
     */
    static Usage usage(MessageUsage usage) {
        if (usage == null) {
            return null;
        }
        int cacheRead = orZero(usage.cacheReadInputTokens());
        int cacheWrite = orZero(usage.cacheCreationInputTokens());
        return new Usage(orZero(usage.inputTokens()) + cacheRead + cacheWrite, orZero(usage.outputTokens()),
                cacheRead, cacheWrite, 0);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static ProviderException badResponse(String message) {
        return new ProviderException(ProviderException.Kind.BAD_RESPONSE, 200, null, message, null);
    }
}
