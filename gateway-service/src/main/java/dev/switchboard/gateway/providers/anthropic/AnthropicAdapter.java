package dev.switchboard.gateway.providers.anthropic;

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
 * Anthropic's Messages API ({@code POST /v1/messages}). Capabilities: tools, vision (base64 and URL images),
 * extended thinking; no JSON mode or JSON schema (such requests have response_format dropped and listed).
 * Uses its own ObjectMapper so the bodies never depend on the application's Jackson settings.
 */
@Singleton
public class AnthropicAdapter implements ProviderAdapter {

    /** The OpenAI-style parameters this format can express; see {@link AnthropicRequestMapper}. */
    public static final Set<String> SUPPORTED_PARAMETERS = AnthropicRequestMapper.SUPPORTED;

    private static final ObjectMapper JSON = dev.switchboard.gateway.wire.JsonMappers.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final AnthropicRequestMapper requests = new AnthropicRequestMapper(JSON);
    private final AnthropicResponseMapper responses = new AnthropicResponseMapper(JSON);
    private final AnthropicErrorMapper errors = new AnthropicErrorMapper(JSON);

    @Override
    public WireFormat format() {
        return WireFormat.ANTHROPIC;
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
        return new AnthropicStreamParser(JSON);
    }

    @Override
    public ProviderException readError(int status, Map<String, String> headers, byte[] body) {
        return errors.map(status, headers, body);
    }
}
