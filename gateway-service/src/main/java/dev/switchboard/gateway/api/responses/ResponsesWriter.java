package dev.switchboard.gateway.api.responses;

import dev.switchboard.gateway.api.ApiJson;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.wire.openai.CompletionUsage;
import dev.switchboard.gateway.wire.openai.responses.OutputItem;
import dev.switchboard.gateway.wire.openai.responses.OutputText;
import dev.switchboard.gateway.wire.openai.responses.ResponseObject;
import dev.switchboard.gateway.wire.openai.responses.ResponseUsage;
import dev.switchboard.schema.shared.NanoUsd;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A canonical response → OpenAI's {@code Response} object, UTF-8 JSON, for our non-streamed
 * {@code /api/v1/responses}; the stream's response objects ({@link ResponsesStreamWriter}) are built here too.
 * Its {@code id} is the generation's ("gen-…"), so {@code GET /api/v1/generation?id=} finds it. Its {@code output}
 * is, in order: a reasoning item when the provider returned reasoning (its text as the summary, what the provider
 * needs back in {@code encrypted_content}: {@link ResponsesReasoning}), the message (all text, one
 * {@code output_text} part; present even when empty unless the model only called tools), then one
 * {@code function_call} item per call. Item ids are the generation id's with a prefix ({@code rs_}, {@code msg_},
 * {@code fc_}) and the item's index, so they are unique within a response and the same on every rendering of it.
 * A response cut by its output limit or a content filter is {@code incomplete}, with {@code incomplete_details}.
 */
public final class ResponsesWriter {

    static final String OBJECT = "response";

    private ResponsesWriter() {
    }

    public static byte[] write(ChatResponse response, ResponseMeta meta, ResponseSettings settings) {
        String generationId = meta.generationId();
        boolean incomplete = incompleteReason(response.finishReason()) != null;
        List<OutputItem> output = new ArrayList<>();
        List<ContentPart.Thinking> thinking = response.thinking();
        if ((response.reasoning() != null && !response.reasoning().isEmpty()) || ResponsesReasoning.seal(thinking) != null) {
            output.add(ResponsesReasoning.encode(itemId("rs", generationId, output.size()), response.reasoning(), thinking));
        }
        List<ContentPart.ToolUse> calls = response.toolUses();
        String text = response.text();
        if (!text.isEmpty() || calls.isEmpty()) {
            output.add(new OutputItem.Message(itemId("msg", generationId, output.size()), incomplete ? "incomplete" : "completed",
                    List.of(new OutputText(text))));
        }
        for (ContentPart.ToolUse call : calls) {
            output.add(new OutputItem.FunctionCall(itemId("fc", generationId, output.size()), "completed",
                    call.argumentsJson(), call.id(), call.name()));
        }
        return ApiJson.write(response(meta, status(response.finishReason()), null, incompleteReason(response.finishReason()),
                output, settings, usage(meta)));
    }

    /** A response object of {@code meta}'s generation. */
    static ResponseObject response(ResponseMeta meta, String status, ResponseObject.ResponseError error, String incompleteReason,
                                   List<OutputItem> output, ResponseSettings s, ResponseUsage usage) {
        return new ResponseObject(meta.generationId(), OBJECT, meta.createdEpochSeconds(), status, error,
                incompleteReason == null ? null : new ResponseObject.IncompleteDetails(incompleteReason), s.instructions(),
                s.maxOutputTokens(), meta.model(), output, s.parallelToolCalls(), null, s.reasoning(), false, s.temperature(),
                s.text(), s.toolChoice(), s.tools(), s.topP(), "disabled", usage, s.user(), Map.of(), meta.providerName());
    }

    /** {@code completed}, or {@code incomplete} when the output limit or a content filter cut the response. */
    static String status(FinishReason reason) {
        return incompleteReason(reason) == null ? "completed" : "incomplete";
    }

    /** {@code incomplete_details.reason}: {@code max_output_tokens} or {@code content_filter}; null when complete. */
    static String incompleteReason(FinishReason reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case LENGTH -> "max_output_tokens";
            case CONTENT_FILTER -> "content_filter";
            default -> null;
        };
    }

    /**
     * The billed usage with its cost in USD (the generation's cost, as {@code GET /generation} reports it).
     * {@code input_tokens} includes cached tokens and cache writes, {@code output_tokens} reasoning tokens, as OpenAI's.
     */
    static ResponseUsage usage(ResponseMeta meta) {
        Usage u = meta.usage() == null ? Usage.ZERO : meta.usage();
        return new ResponseUsage(u.promptTokens(), new ResponseUsage.InputTokensDetails(u.cachedPromptTokens(), u.cacheWriteTokens()),
                u.completionTokens(), new ResponseUsage.OutputTokensDetails(u.reasoningTokens()), u.totalTokens(),
                usd(meta.costNanos()), false,
                new CompletionUsage.CostDetails(null, usd(meta.promptCostNanos()), usd(meta.completionCostNanos())));
    }

    /** An output item's id: {@code <prefix>_<the generation id without "gen-">_<index>}. */
    static String itemId(String prefix, String generationId, int index) {
        String id = generationId.startsWith("gen-") ? generationId.substring(4) : generationId;
        return prefix + "_" + id.replace('-', '_') + "_" + index;
    }

    private static BigDecimal usd(long nanos) {
        return NanoUsd.of(nanos).toUsd();
    }
}
