package dev.switchboard.gateway.api.openai;

import dev.switchboard.gateway.api.ApiJson;
import dev.switchboard.gateway.api.InboundEmbeddingsRequest.Encoding;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.providers.openai.OpenAiEmbeddingsMapper;
import dev.switchboard.gateway.wire.openai.EmbeddingData;
import dev.switchboard.gateway.wire.openai.EmbeddingResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders our {@code /embeddings} response: {@code {id, object:"list", data[{object:"embedding", embedding, index}],
 * model, provider, usage{prompt_tokens, total_tokens, cost}}}, each vector as numbers or, for
 * {@code encoding_format: "base64"}, as base64 of little-endian float32 values.
 */
@ApplicationScoped
public class OpenAiEmbeddingsWriter {

    /** @param vectors one per input, in input order */
    public byte[] write(List<double[]> vectors, Encoding encoding, ResponseMeta meta) {
        List<EmbeddingData> data = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            double[] vector = vectors.get(i);
            data.add(new EmbeddingData("embedding",
                    encoding == Encoding.BASE64 ? OpenAiEmbeddingsMapper.encodeBase64(vector) : vector, i));
        }
        return ApiJson.write(new EmbeddingResponse(meta.generationId(), "list", data, meta.model(), meta.providerName(),
                OpenAiUsage.embeddings(meta)));
    }
}
