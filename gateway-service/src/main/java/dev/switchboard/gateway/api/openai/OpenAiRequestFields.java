package dev.switchboard.gateway.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.ClientText;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.api.SamplingFields;
import dev.switchboard.gateway.canonical.Sampling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request fields chat completions and legacy completions share: model(s), sampling, max tokens, stop, extensions. */
final class OpenAiRequestFields {

    private OpenAiRequestFields() {
    }

    /** {@code models}: model ids, each checked like {@code model}. */
    static List<String> models(FieldReader request) {
        return request.texts("models", ClientText.MODEL);
    }

    /** {@code model}, or the first of {@code models} when absent. */
    static String model(FieldReader request, List<String> models) {
        String model = request.text("model", ClientText.MODEL);
        if (model == null) {
            if (models.isEmpty()) {
                throw ApiException.badRequest("model", "is required (or give a models list)");
            }
            return models.get(0);
        }
        if (model.isBlank()) {
            throw ApiException.badRequest("model", "must not be empty");
        }
        return model;
    }

    static Sampling sampling(FieldReader request) {
        return new Sampling(
                SamplingFields.temperature(request),
                SamplingFields.topP(request),
                SamplingFields.topK(request),
                request.number("frequency_penalty", -2, 2),
                request.number("presence_penalty", -2, 2),
                request.number("repetition_penalty", 0, 2),
                request.longInteger("seed", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /** {@code max_completion_tokens} (OpenAI's newer name) or {@code max_tokens}; the former wins when both are set. */
    static Integer maxTokens(FieldReader request) {
        Integer maxTokens = request.integer("max_tokens", 1, Integer.MAX_VALUE);
        Integer maxCompletionTokens = request.integer("max_completion_tokens", 1, Integer.MAX_VALUE);
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** {@code stop}: one string or an array of strings. */
    static List<String> stop(FieldReader request) {
        JsonNode stop = request.raw("stop");
        if (stop == null) {
            return List.of();
        }
        if (stop.isTextual()) {
            return stop.asText().isEmpty() ? List.of() : List.of(stop.asText());
        }
        if (!stop.isArray()) {
            throw ApiException.badRequest("stop", "must be a string or an array of strings");
        }
        return request.strings("stop");
    }

    /** Only one choice per request: {@code n} above 1 is refused rather than silently answered with one. */
    static void singleChoice(FieldReader request) {
        Integer n = request.integer("n", 1, Integer.MAX_VALUE);
        if (n != null && n > 1) {
            throw ApiException.badRequest("n", "must be 1; several choices per request are not supported");
        }
    }

    /** The pass-through parameters: {@code logit_bias} (object of token id → -100..100), {@code logprobs}, {@code top_logprobs}. */
    static Map<String, Object> extensions(FieldReader request, boolean logprobsIsBoolean) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        FieldReader logitBias = request.object("logit_bias");
        if (logitBias != null) {
            logitBias.node().fieldNames().forEachRemaining(token -> logitBias.number(token, -100, 100));
            extensions.put("logit_bias", logitBias.node());
        }
        if (logprobsIsBoolean) {
            Boolean logprobs = request.bool("logprobs");
            if (logprobs != null) {
                extensions.put("logprobs", logprobs);
            }
        }
        Integer topLogprobs = request.integer("top_logprobs", 0, 20);
        if (topLogprobs != null) {
            extensions.put("top_logprobs", topLogprobs);
        }
        return extensions;
    }
}
