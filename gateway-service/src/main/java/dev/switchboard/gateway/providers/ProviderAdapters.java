package dev.switchboard.gateway.providers;

import dev.switchboard.gateway.providers.anthropic.AnthropicAdapter;
import dev.switchboard.gateway.providers.gemini.GeminiAdapter;
import dev.switchboard.gateway.providers.openai.OpenAiAdapter;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/** The one adapter of each wire format. Adapters are stateless (a stream parser is made per request). */
@Singleton
public class ProviderAdapters {

    @Inject
    OpenAiAdapter openAi;
    @Inject
    AnthropicAdapter anthropic;
    @Inject
    GeminiAdapter gemini;

    public ProviderAdapter forFormat(WireFormat format) {
        return switch (format) {
            case OPENAI -> openAi;
            case ANTHROPIC -> anthropic;
            case GEMINI -> gemini;
        };
    }

    /** The adapter of a format that has embeddings, or null. */
    public EmbeddingsAdapter embeddingsFor(WireFormat format) {
        return format == WireFormat.OPENAI ? openAi : null;
    }
}
