package dev.switchboard.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import dev.switchboard.gateway.api.InboundEmbeddingsRequest.Encoding;
import dev.switchboard.gateway.proxy.ResponseMeta;
import dev.switchboard.gateway.canonical.Usage;
import dev.switchboard.gateway.providers.openai.OpenAiEmbeddingsMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResponseMeta META = ResponseMeta.start("gen-e1", 1_700_000_000L, "openai/text-embedding-3-small",
            "OpenAI").withUsage(new Usage(8, 0, 0, 0, 0), 160, 160, 0, false);

    private final OpenAiEmbeddingsWriter writer = new OpenAiEmbeddingsWriter();

    @Test
    void renders_float_vectors_in_the_shape_the_sdk_requires() throws Exception {
        byte[] body = writer.write(List.of(new double[] {0.25, -1}, new double[] {0.5, 0}), Encoding.FLOAT, META);

        JsonNode node = SdkShapes.assertShape("embeddings", body);

        assertThat(node).isEqualTo(JSON.readTree("""
                {"id":"gen-e1","object":"list","model":"openai/text-embedding-3-small","provider":"OpenAI",
                 "data":[{"object":"embedding","embedding":[0.25,-1.0],"index":0},
                         {"object":"embedding","embedding":[0.5,0.0],"index":1}],
                 "usage":{"prompt_tokens":8,"total_tokens":8,"cost":0.00000016,"is_byok":false}}"""));
        ObjectMappers.jsonMapper().readValue(body, CreateEmbeddingResponse.class).validate();
    }

    @Test
    void renders_base64_vectors_as_little_endian_float32() throws Exception {
        double[] vector = {0.1, -2.5, 3};

        JsonNode node = JSON.readTree(writer.write(List.of(vector), Encoding.BASE64, META));

        String base64 = node.get("data").get(0).get("embedding").asText();
        assertThat(OpenAiEmbeddingsMapper.decodeBase64(base64)).containsExactly((double) 0.1f, -2.5, 3.0);
    }

    @Test
    void the_cost_is_a_number_even_when_zero() {
        ResponseMeta free = ResponseMeta.start("g", 1, "m", "P");

        String body = new String(writer.write(List.of(new double[] {1}), Encoding.FLOAT, free), StandardCharsets.UTF_8);

        assertThat(body).contains("\"usage\":{\"prompt_tokens\":0,\"total_tokens\":0,\"cost\":0,");
    }
}
