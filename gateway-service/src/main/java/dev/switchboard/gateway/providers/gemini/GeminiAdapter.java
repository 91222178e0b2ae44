package dev.switchboard.gateway.providers.gemini;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.providers.WireFormat;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/**
 * Google's Gemini API ({@code /v1beta/models/{model}:generateContent}, streamed with {@code ?alt=sse}).
 * Capabilities: tools, vision (inline and by URI), JSON mode and JSON schema (as {@code responseSchema}),
 * thinking budgets. Uses its own ObjectMapper so the bodies never depend on the application's Jackson settings.
 */
@Singleton
public class GeminiAdapter implements ProviderAdapter {

    /** The OpenAI-style parameters this format can express; see {@link GeminiRequestMapper}. */
    public static final Set<String> SUPPORTED_PARAMETERS = GeminiRequestMapper.SUPPORTED;

    private static final ObjectMapper JSON = dev.switchboard.gateway.wire.JsonMappers.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final GeminiRequestMapper requests = new GeminiRequestMapper(JSON);
    private final GeminiResponseMapper responses = new GeminiResponseMapper(JSON);
    private final GeminiErrorMapper errors = new GeminiErrorMapper(JSON);

    @Override
    public WireFormat format() {
        return WireFormat.GEMINI;
    }

    @Override
    public PreparedCall prepareChat(ChatRequest request, ProviderTarget target) {
        return requests.map(request, target);
    }

    @Override
    public ChatResponse readChatResponse(byte[] body) {
        return responses.map(body);
    }

    @Override
    public ChatStreamParser openChatStream() {
        return new GeminiStreamParser(JSON, errors);
    }

    @Override
    public ProviderException readError(int status, Map<String, String> headers, byte[] body) {
        return errors.map(status, headers, body);
    }
}
