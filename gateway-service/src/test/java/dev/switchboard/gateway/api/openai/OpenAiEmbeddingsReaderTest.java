package dev.switchboard.gateway.api.openai;

import static dev.switchboard.gateway.api.openai.OpenAiChatRequestReaderTest.assertBadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.api.InboundEmbeddingsRequest;
import dev.switchboard.gateway.api.InboundEmbeddingsRequest.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiEmbeddingsReaderTest {

    private final OpenAiEmbeddingsReader reader = new OpenAiEmbeddingsReader();

    @Test
    void reads_one_input_with_defaults() {
        InboundEmbeddingsRequest request = reader.read(bytes("{\"model\":\"openai/text-embedding-3-small\",\"input\":\"hello\"}"));

        assertThat(request).isEqualTo(new InboundEmbeddingsRequest("openai/text-embedding-3-small",
                List.of("hello"), null, Encoding.FLOAT, null, dev.switchboard.gateway.routing.ProviderPreferences.NONE));
    }

    @Test
    void reads_many_inputs_dimensions_base64_user_and_provider() {
        InboundEmbeddingsRequest request = reader.read(bytes("""
                {"model":"m","input":["a","b"],"dimensions":256,"encoding_format":"base64","user":"u",
                 "provider":{"order":["openai"]}}"""));

        assertThat(request.inputs()).containsExactly("a", "b");
        assertThat(request.dimensions()).isEqualTo(256);
        assertThat(request.encoding()).isEqualTo(Encoding.BASE64);
        assertThat(request.user()).isEqualTo("u");
        assertThat(request.provider().order()).containsExactly("openai");
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"input\":\"a\"}                                 | model | is required",
            "{\"model\":\"\",\"input\":\"a\"}                  | model | must not be empty",
            "{\"model\":\"m\"}                                 | input | is required",
            "{\"model\":\"m\",\"input\":\"\"}                  | input | must not be empty",
            "{\"model\":\"m\",\"input\":[]}                    | input | must not be an empty array",
            "{\"model\":\"m\",\"input\":{}}                    | input | must be a string or an array of strings",
            "{\"model\":\"m\",\"input\":[\"a\",7]}             | input[1] | token arrays are not supported",
            "{\"model\":\"m\",\"input\":[[1,2]]}               | input[0] | token arrays are not supported",
            "{\"model\":\"m\",\"input\":[\"a\",\"\"]}          | input[1] | must not be empty",
            "{\"model\":\"m\",\"input\":\"a\",\"dimensions\":0} | dimensions | must be a positive integer",
            "{\"model\":\"m\",\"input\":\"a\",\"encoding_format\":\"int8\"} | encoding_format | must be one of float, base64",
            "{\"model\":\"m\",\"input\":\"a\",\"user\":1}       | user | must be a string",
            "{\"model\":\"m\",\"input\":\"a\",\"provider\":[]}  | provider | must be an object",
            "{\"model\":\"m\\u0000\",\"input\":\"a\"}         | model | must not contain control characters",
            "{\"model\":\"m\",\"input\":\"a\",\"user\":\"\\u0001\"} | user | must not contain control characters"})
    void names_the_field_of_every_validation_failure(String body, String field, String problem) {
        assertBadRequest(() -> reader.read(bytes(body)), field, problem);
    }

    @Test
    void refuses_more_inputs_than_openai_allows() {
        String inputs = "\"x\",".repeat(OpenAiEmbeddingsReader.MAX_INPUTS) + "\"x\"";

        assertBadRequest(() -> reader.read(bytes("{\"model\":\"m\",\"input\":[" + inputs + "]}")), "input", "at most 2048");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
