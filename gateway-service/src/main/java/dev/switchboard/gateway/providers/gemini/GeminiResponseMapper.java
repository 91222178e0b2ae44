package dev.switchboard.gateway.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ToolCallIds;
import dev.switchboard.gateway.wire.gemini.Candidate;
import dev.switchboard.gateway.wire.gemini.FunctionCall;
import dev.switchboard.gateway.wire.gemini.GenerateContentResponse;
import dev.switchboard.gateway.wire.gemini.Part;
import dev.switchboard.gateway.wire.gemini.UsageMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A GenerateContentResponse → {@link ChatResponse}, from the first candidate: text parts, function calls (given
 * unique ids where Gemini gives none, {@link ToolCallIds}), thought parts as reasoning, and thought signatures as
 * Thinking parts before the part that carried them.
 * A prompt Gemini blocked (no candidate, {@code promptFeedback.blockReason}) is a CONTENT_FILTERED failure.
 */
final class GeminiResponseMapper {

    private final ObjectMapper json;

    GeminiResponseMapper(ObjectMapper json) {
        this.json = json;
    }

    ChatResponse map(byte[] body) {
        GenerateContentResponse response;
        try {
            response = json.readValue(body, GenerateContentResponse.class);
        } catch (JsonProcessingException e) {
            throw badResponse("the Gemini response is not a GenerateContentResponse: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badResponse("the Gemini response is not a GenerateContentResponse: " + e.getMessage());
        }
        if (response == null) {
            throw badResponse("the Gemini response is empty");
        }
        Candidate candidate = firstCandidate(response);
        List<ContentPart> content = new ArrayList<>();
        StringBuilder reasoning = new StringBuilder();
        int calls = 0;
        if (candidate.content() != null && candidate.content().parts() != null) {
            for (Part part : candidate.content().parts()) {
                if (part.functionCall() != null) {
                    FunctionCall call = part.functionCall();
                    String id = ToolCallIds.orMake(call.id(), response.responseId(), calls++);
                    addSignature(content, part, id);
                    content.add(new ContentPart.ToolUse(id, call.name(), arguments(call)));
                } else if (part.text() != null && Boolean.TRUE.equals(part.thought())) {
                    reasoning.append(part.text());
                    content.add(new ContentPart.Thinking(ContentPart.Thinking.GEMINI, part.text(), signature(part), null, null));
                } else if (part.text() != null) {
                    addSignature(content, part, null);
                    content.add(new ContentPart.Text(part.text()));
                }
            }
        }
        boolean calledTools = calls > 0;
        return new ChatResponse(response.responseId(), response.modelVersion(), content,
                reasoning.isEmpty() ? null : reasoning.toString(), finishReason(candidate.finishReason(), calledTools),
                candidate.finishReason(), usage(response.usageMetadata()));
    }

    /**
     * The first candidate; a response without one is a blocked prompt (CONTENT_FILTERED) when
     * {@code promptFeedback.blockReason} says so, else unreadable.
     */
    static Candidate firstCandidate(GenerateContentResponse response) {
        if (response.candidates() != null && !response.candidates().isEmpty()) {
            return response.candidates().getFirst();
        }
        throwIfBlocked(response);
        throw badResponse("the Gemini response has no candidate");
    }

    /** A prompt Gemini refused to answer: {@code promptFeedback.blockReason} is set. */
    static void throwIfBlocked(GenerateContentResponse response) {
        if (response.promptFeedback() != null && response.promptFeedback().blockReason() != null) {
            String reason = response.promptFeedback().blockReason();
            throw new ProviderException(ProviderException.Kind.CONTENT_FILTERED, 200, reason,
                    "Gemini blocked the prompt (" + reason + ")", null);
        }
    }

    /** The part's thought signature, or null. */
    static String signature(Part part) {
        return part.thoughtSignature() == null || part.thoughtSignature().isEmpty() ? null : part.thoughtSignature();
    }

    /**
     * A thought signature rides on the part it signs (Gemini wants it back on that same part): it becomes a Thinking
     * part right before that part's own, naming the function call it came with, if any.
     */
    private static void addSignature(List<ContentPart> content, Part part, String toolCallId) {
        String signature = signature(part);
        if (signature != null) {
            content.add(new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, signature, null, toolCallId));
        }
    }

    static String arguments(FunctionCall call) {
        return call.args() == null || call.args().isNull() ? "{}" : call.args().toString();
    }

    /** Gemini's finish reasons, normalised: STOP after function calls is TOOL_CALLS; unknown ones are STOP. */
    static FinishReason finishReason(String reason, boolean calledTools) {
        if (reason == null) {
            return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        return switch (reason) {
            case "STOP" -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                    FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP;
        };
    }

    /**
     * Gemini counts thoughts apart from the candidates: canonical completion tokens are candidates + thoughts,
     * with the thoughts as reasoning tokens. Prompt tokens include the cached ones and any tool-use prompt.
     * Null when absent.
     */
    static Usage usage(UsageMetadata usage) {
        if (usage == null) {
            return null;
        }
        int thoughts = orZero(usage.thoughtsTokenCount());
        return new Usage(orZero(usage.promptTokenCount()) + orZero(usage.toolUsePromptTokenCount()),
                orZero(usage.candidatesTokenCount()) + thoughts, orZero(usage.cachedContentTokenCount()), 0, thoughts);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static ProviderException badResponse(String message) {
        return new ProviderException(ProviderException.Kind.BAD_RESPONSE, 200, null, message, null);
    }
}
