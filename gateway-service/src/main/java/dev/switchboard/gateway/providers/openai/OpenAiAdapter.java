package dev.switchboard.gateway.providers.openai;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.providers.ChatStreamParser;
import dev.switchboard.gateway.providers.EmbeddingsAdapter;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderAdapter;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.providers.WireFormat;
import dev.switchboard.gateway.wire.openai.ChatCompletionChunk;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAI chat completions format ({@code POST {baseUrl}/chat/completions}, {@code Authorization: Bearer})
 * and embeddings ({@code POST {baseUrl}/embeddings}). One adapter serves every OpenAI-compatible provider:
 * OpenAI, DeepSeek, xAI, Mistral, Groq, Together, Fireworks, OpenRouter, vLLM, Ollama, llama.cpp; they differ
 * only in base URL, key and supported parameters. Capabilities: tools, vision (image URLs and data URLs),
 * JSON mode and JSON schema, reasoning effort. Uses its own ObjectMapper so the bodies never depend on the
 * application's Jackson settings.
 */
@Singleton
public class OpenAiAdapter implements ProviderAdapter, EmbeddingsAdapter {

    /** Every OpenRouter parameter name this format can carry; a target lists the subset its endpoint supports. */
    public static final Set<String> SUPPORTED_PARAMETERS = Set.of("tools", "tool_choice", "temperature", "top_p", "top_k",
            "max_tokens", "stop", "seed", "frequency_penalty", "presence_penalty", "repetition_penalty",
            "response_format", "structured_outputs", "reasoning", "logit_bias", "logprobs", "top_logprobs",
            "parallel_tool_calls");

    static final ObjectMapper JSON = dev.switchboard.gateway.wire.JsonMappers.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectReader CHUNKS = JSON.readerFor(ChatCompletionChunk.class);

    private final OpenAiRequestMapper requests;
    private final OpenAiResponseMapper responses;
    private final OpenAiErrorMapper errors;
    private final OpenAiEmbeddingsMapper embeddings;

    public OpenAiAdapter() {
        this(Clock.systemUTC());
    }

    /** @param clock reads Retry-After dates */
    OpenAiAdapter(Clock clock) {
        this.requests = new OpenAiRequestMapper(JSON);
        this.errors = new OpenAiErrorMapper(JSON, clock);
        this.responses = new OpenAiResponseMapper(JSON, errors);
        this.embeddings = new OpenAiEmbeddingsMapper(JSON, requests);
    }

    @Override
    public WireFormat format() {
        return WireFormat.OPENAI;
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
        return new OpenAiStreamParser(JSON, CHUNKS, errors);
    }

    @Override
    public ProviderException readError(int status, Map<String, String> headers, byte[] body) {
        return errors.map(status, headers, body);
    }

    @Override
    public PreparedCall prepareEmbeddings(List<String> inputs, Integer dimensions, String user, ProviderTarget target) {
        return embeddings.prepare(inputs, dimensions, user, target);
    }

    @Override
    public EmbeddingsResult readEmbeddings(byte[] body) {
        return embeddings.read(body);
    }
}
