package dev.switchboard.gateway.api;

import dev.switchboard.gateway.routing.ProviderPreferences;
import java.util.List;

/**
 * An embeddings request as a client sent it, read and validated.
 *
 * @param inputs     the texts to embed, at least one
 * @param dimensions requested dimensions, or null
 * @param encoding   how the client wants the vectors written
 * @param provider   OpenRouter's {@code provider} preferences (NONE when absent)
 */
public record InboundEmbeddingsRequest(String model, List<String> inputs, Integer dimensions, Encoding encoding,
                                       String user, ProviderPreferences provider) {

    public InboundEmbeddingsRequest {
        inputs = List.copyOf(inputs);
    }

    /** {@code encoding_format}: numbers, or base64 of little-endian float32 values. */
    public enum Encoding { FLOAT, BASE64 }
}
