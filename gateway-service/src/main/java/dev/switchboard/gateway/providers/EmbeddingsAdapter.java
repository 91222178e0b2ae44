package dev.switchboard.gateway.providers;

import java.util.List;

/** Optional capability of an adapter: embeddings. Pure like {@link ProviderAdapter}. */
public interface EmbeddingsAdapter {

    /**
     * @param inputs          the texts to embed
     * @param dimensions      requested dimensions, or null
     */
    PreparedCall prepareEmbeddings(List<String> inputs, Integer dimensions, String user, ProviderTarget target);

    EmbeddingsResult readEmbeddings(byte[] body);

    /**
     * @param vectors     one vector per input, in input order
     * @param promptTokens the provider's count, or -1 when it reported none
     */
    record EmbeddingsResult(List<double[]> vectors, int promptTokens, String upstreamModel) {
    }
}
