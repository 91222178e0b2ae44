package dev.switchboard.gateway.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.ClientText;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.api.InboundChatRequest;
import dev.switchboard.gateway.api.ProviderPreferencesReader;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Role;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Reads a legacy {@code POST /completions} body into an {@link InboundChatRequest} holding one user message (the
 * prompt), so it is routed and billed like a chat request. {@code prompt} is a string or an array of exactly one
 * string; batches, token arrays, {@code suffix}, {@code echo} and {@code best_of} are refused with a reason.
 * {@code logprobs} (an integer here) is validated and ignored.
 */
@Singleton
public class OpenAiCompletionsReader {

    /** @throws ApiException 400 naming the offending field */
    public InboundChatRequest read(byte[] body) {
        FieldReader request = FieldReader.body(body);
        String prompt = prompt(request);
        OpenAiRequestFields.singleChoice(request);
        if (request.string("suffix") != null) {
            throw ApiException.badRequest("suffix", "is not supported (no model served here fills in the middle)");
        }
        if (request.bool("echo", false)) {
            throw ApiException.badRequest("echo", "is not supported");
        }
        Integer bestOf = request.integer("best_of", 1, Integer.MAX_VALUE);
        if (bestOf != null && bestOf > 1) {
            throw ApiException.badRequest("best_of", "must be 1; several completions per request are not supported");
        }
        request.integer("logprobs", 0, 5);
        List<String> models = OpenAiRequestFields.models(request);
        String model = OpenAiRequestFields.model(request, models);
        boolean stream = request.bool("stream", false);
        ChatRequest chat = new ChatRequest(
                model,
                List.of(Message.of(Role.USER, prompt)),
                null,
                null,
                OpenAiRequestFields.sampling(request),
                OpenAiRequestFields.maxTokens(request),
                OpenAiRequestFields.stop(request),
                null,
                null,
                stream,
                request.text("user", ClientText.USER),
                null,
                OpenAiRequestFields.extensions(request, false));
        return new InboundChatRequest(chat, ProviderPreferencesReader.options(request, models, model));
    }

    private static String prompt(FieldReader request) {
        JsonNode prompt = request.raw("prompt");
        if (prompt == null) {
            throw ApiException.badRequest("prompt", "is required");
        }
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (!prompt.isArray()) {
            throw ApiException.badRequest("prompt", "must be a string or an array of one string");
        }
        if (prompt.size() != 1) {
            throw ApiException.badRequest("prompt", prompt.isEmpty() ? "must not be an empty array"
                    : "must hold exactly one string: batched prompts (" + prompt.size()
                    + ") are not supported, send one request per prompt");
        }
        if (!prompt.get(0).isTextual()) {
            throw ApiException.badRequest("prompt[0]", "must be a string (token arrays are not supported)");
        }
        return prompt.get(0).asText();
    }
}
