package dev.switchboard.gateway.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.ClientText;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.api.InboundEmbeddingsRequest;
import dev.switchboard.gateway.api.InboundEmbeddingsRequest.Encoding;
import dev.switchboard.gateway.api.ProviderPreferencesReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code POST /embeddings} body: {@code {model, input: string | string[], dimensions?,
 * encoding_format?: "float" | "base64", user?, provider?}}. Every problem is a 400 naming its field; token
 * arrays as input are refused (we cannot know which tokenizer they were made with).
 */
@ApplicationScoped
public class OpenAiEmbeddingsReader {

    /** OpenAI's limit of inputs per request. */
    static final int MAX_INPUTS = 2048;

    /** @throws ApiException 400 naming the offending field */
    public InboundEmbeddingsRequest read(byte[] body) {
        FieldReader request = FieldReader.body(body);
        if (request.raw("models") != null && !request.raw("models").isNull()) {
            throw ApiException.badRequest("models", "is not supported on /embeddings (a fallback model would embed into another space); "
                    + "give one model, and provider.order for fallback providers");
        }
        String model = ClientText.check("model", request.requiredString("model"), ClientText.MODEL);
        List<String> inputs = inputs(request.raw("input"));
        Integer dimensions = request.integer("dimensions", 1, Integer.MAX_VALUE);
        String encoding = request.oneOf("encoding_format", List.of("float", "base64"));
        return new InboundEmbeddingsRequest(model, inputs, dimensions,
                "base64".equals(encoding) ? Encoding.BASE64 : Encoding.FLOAT,
                request.text("user", ClientText.USER), ProviderPreferencesReader.read(request));
    }

    private static List<String> inputs(JsonNode input) {
        if (input == null) {
            throw ApiException.badRequest("input", "is required");
        }
        if (input.isTextual()) {
            if (input.asText().isEmpty()) {
                throw ApiException.badRequest("input", "must not be empty");
            }
            return List.of(input.asText());
        }
        if (!input.isArray()) {
            throw ApiException.badRequest("input", "must be a string or an array of strings");
        }
        if (input.isEmpty()) {
            throw ApiException.badRequest("input", "must not be an empty array");
        }
        if (input.size() > MAX_INPUTS) {
            throw ApiException.badRequest("input", "must hold at most " + MAX_INPUTS + " strings");
        }
        List<String> inputs = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw ApiException.badRequest("input[" + i + "]",
                        "must be a string" + (item.isNumber() || item.isArray() ? " (token arrays are not supported)" : ""));
            }
            if (item.asText().isEmpty()) {
                throw ApiException.badRequest("input[" + i + "]", "must not be empty");
            }
            inputs.add(item.asText());
        }
        return inputs;
    }
}
