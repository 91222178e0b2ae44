package dev.switchboard.gateway.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.providers.EmbeddingsAdapter.EmbeddingsResult;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.wire.openai.EmbeddingData;
import dev.switchboard.gateway.wire.openai.EmbeddingRequest;
import dev.switchboard.gateway.wire.openai.EmbeddingResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * {@code POST /embeddings}: the request (floats, the provider's default encoding, so every compatible server
 * understands it) and the response, read whether its vectors are number lists or base64 strings of
 * little-endian float32 values. Also the base64 codec our own {@code /embeddings} uses.
 */
public final class OpenAiEmbeddingsMapper {

    static final String EMBEDDINGS_PATH = "/embeddings";

    private final ObjectMapper json;
    private final OpenAiRequestMapper requests;

    OpenAiEmbeddingsMapper(ObjectMapper json, OpenAiRequestMapper requests) {
        this.json = json;
        this.requests = requests;
    }

    PreparedCall prepare(List<String> inputs, Integer dimensions, String user, ProviderTarget target) {
        Object input = inputs.size() == 1 ? inputs.get(0) : inputs;
        EmbeddingRequest body = new EmbeddingRequest(target.upstreamModel(), input, dimensions, null, user);
        return new PreparedCall("POST", EMBEDDINGS_PATH, OpenAiRequestMapper.headers(target, false),
                requests.write(body), false, List.of());
    }

    EmbeddingsResult read(byte[] body) {
        EmbeddingResponse response;
        try {
            response = json.readValue(body, EmbeddingResponse.class);
        } catch (IOException e) {
            throw OpenAiResponseMapper.badResponse("the embeddings response cannot be read: " + OpenAiResponseMapper.reason(e));
        }
        if (response == null || response.data() == null) {
            throw OpenAiResponseMapper.badResponse("the embeddings response has no data");
        }
        List<EmbeddingData> data = new ArrayList<>(response.data());
        data.sort(Comparator.comparingInt(d -> d.index() == null ? 0 : d.index()));
        List<double[]> vectors = new ArrayList<>(data.size());
        for (EmbeddingData item : data) {
            vectors.add(vector(item.embedding()));
        }
        int promptTokens = response.usage() != null && response.usage().promptTokens() != null
                ? response.usage().promptTokens() : -1;
        return new EmbeddingsResult(vectors, promptTokens, response.model());
    }

    private static double[] vector(Object embedding) {
        if (embedding instanceof String base64) {
            try {
                return decodeBase64(base64);
            } catch (IllegalArgumentException e) {
                throw OpenAiResponseMapper.badResponse("an embedding is not valid base64 float32 data");
            }
        }
        if (embedding instanceof List<?> numbers) {
            double[] vector = new double[numbers.size()];
            for (int i = 0; i < vector.length; i++) {
                if (!(numbers.get(i) instanceof Number n)) {
                    throw OpenAiResponseMapper.badResponse("an embedding holds a value that is not a number");
                }
                vector[i] = n.doubleValue();
            }
            return vector;
        }
        throw OpenAiResponseMapper.badResponse("an embedding is neither a list of numbers nor a base64 string");
    }

    /** A vector as OpenAI's base64 encoding: little-endian float32 values. */
    public static String encodeBase64(double[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : vector) {
            buffer.putFloat((float) value);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** The inverse of {@link #encodeBase64}. @throws IllegalArgumentException when it is not base64 float32 data */
    public static double[] decodeBase64(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("not a whole number of float32 values");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] vector = new double[bytes.length / Float.BYTES];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = buffer.getFloat();
        }
        return vector;
    }
}
