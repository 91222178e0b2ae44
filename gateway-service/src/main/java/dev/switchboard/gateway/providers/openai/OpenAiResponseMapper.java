package dev.switchboard.gateway.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ToolCallIds;
import dev.switchboard.gateway.wire.openai.ChatChoice;
import dev.switchboard.gateway.wire.openai.ChatCompletionResponse;
import dev.switchboard.gateway.wire.openai.CompletionUsage;
import dev.switchboard.gateway.wire.openai.ResponseMessage;
import dev.switchboard.gateway.wire.openai.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code chat.completion} → {@link ChatResponse}: the first choice's text, tool calls and reasoning
 * ({@code reasoning} or {@code reasoning_content}), the finish reason normalised with the native one kept, and
 * usage with cached and reasoning tokens (OpenAI's details, or DeepSeek's {@code prompt_cache_hit_tokens}).
 * A refusal becomes the text. A 200 whose body is an {@code error} object is that error.
 */
final class OpenAiResponseMapper {

    private final ObjectMapper json;
    private final OpenAiErrorMapper errors;

    OpenAiResponseMapper(ObjectMapper json, OpenAiErrorMapper errors) {
        this.json = json;
        this.errors = errors;
    }

    ChatResponse map(byte[] body) {
        ChatCompletionResponse response = read(body);
        ChatChoice choice = response.choices().stream()
                .filter(c -> c.index() == null || c.index() == 0)
                .findFirst()
                .orElseThrow(() -> badResponse("the completion has no choices"));
        ResponseMessage message = choice.message();
        List<ContentPart> content = new ArrayList<>();
        String reasoning = null;
        if (message != null) {
            String text = text(message.content());
            if (text.isEmpty() && message.refusal() != null) {
                text = message.refusal();
            }
            if (!text.isEmpty()) {
                content.add(new ContentPart.Text(text));
            }
            if (message.toolCalls() != null) {
                for (int i = 0; i < message.toolCalls().size(); i++) {
                    content.add(toolUse(message.toolCalls().get(i), response.id(), i));
                }
            }
            reasoning = message.reasoning() != null ? message.reasoning() : message.reasoningContent();
        }
        boolean toolCalls = content.stream().anyMatch(ContentPart.ToolUse.class::isInstance);
        return new ChatResponse(response.id(), response.model(), content, reasoning,
                finishReason(choice.finishReason(), toolCalls), choice.finishReason(), usage(response.usage()));
    }

    /**
     * The normalised reason for a native one. Unknown values count as STOP; a STOP (or none) that came with
     * tool calls is TOOL_CALLS, since some compatible servers (Ollama, vLLM) say "stop" after calling tools.
     */
    static FinishReason finishReason(String nativeReason, boolean hadToolCalls) {
        FinishReason reason = switch (nativeReason == null ? "" : nativeReason.toLowerCase(Locale.ROOT)) {
            case "length", "max_tokens", "model_length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call", "tool_use" -> FinishReason.TOOL_CALLS;
            case "content_filter", "safety", "refusal" -> FinishReason.CONTENT_FILTER;
            case "error" -> FinishReason.ERROR;
            default -> FinishReason.STOP;
        };
        return reason == FinishReason.STOP && hadToolCalls ? FinishReason.TOOL_CALLS : reason;
    }

    /** Usage normalised; null when the provider reported no token counts at all. */
    static Usage usage(CompletionUsage usage) {
        if (usage == null || (usage.promptTokens() == null && usage.completionTokens() == null)) {
            return null;
        }
        int prompt = orZero(usage.promptTokens());
        int completion = usage.completionTokens() != null ? usage.completionTokens()
                : Math.max(0, orZero(usage.totalTokens()) - prompt);
        var promptDetails = usage.promptTokensDetails();
        int cached = promptDetails != null && promptDetails.cachedTokens() != null ? promptDetails.cachedTokens()
                : orZero(usage.promptCacheHitTokens());
        int cacheWrite = promptDetails != null ? orZero(promptDetails.cacheWriteTokens()) : 0;
        int reasoning = usage.completionTokensDetails() != null ? orZero(usage.completionTokensDetails().reasoningTokens()) : 0;
        return new Usage(prompt, completion, cached, cacheWrite, reasoning);
    }

    /** A tool call's arguments default to "{}" when the provider sent none, its id to a unique one ({@link ToolCallIds}). */
    static ContentPart.ToolUse toolUse(ToolCall call, String responseId, int index) {
        String name = call.function() == null ? null : call.function().name();
        String arguments = call.function() == null ? null : call.function().arguments();
        return new ContentPart.ToolUse(ToolCallIds.orMake(call.id(), responseId, index), name,
                arguments == null || arguments.isBlank() ? "{}" : arguments);
    }

    private ChatCompletionResponse read(byte[] body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException e) {
            throw badResponse("the completion is not valid JSON: " + reason(e));
        }
        if (tree == null || !tree.isObject()) {
            throw badResponse("the completion is not a JSON object");
        }
        if (tree.hasNonNull("error") && !tree.hasNonNull("choices")) {
            throw errors.mapEmbedded(tree.get("error"));
        }
        try {
            ChatCompletionResponse response = json.treeToValue(tree, ChatCompletionResponse.class);
            if (response.choices() == null) {
                throw badResponse("the completion has no choices");
            }
            return response;
        } catch (IOException e) {
            throw badResponse("the completion has an unexpected shape: " + reason(e));
        }
    }

    /** Text content: a string, or the text parts of a list (some compatible servers send parts). */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    text.append(part.get("text").asText());
                }
            }
        }
        return text.toString();
    }

    /** Jackson's own message without the location suffix, which may quote the body. */
    static String reason(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static ProviderException badResponse(String message) {
        return new ProviderException(ProviderException.Kind.BAD_RESPONSE, 200, null, message, null);
    }
}
