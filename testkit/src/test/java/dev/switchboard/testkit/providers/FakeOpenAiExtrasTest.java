package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testkit.providers.FakeHttp.Reply;
import dev.switchboard.testkit.providers.FakeHttp.SseEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeOpenAiExtrasTest {

    private static FakeProviderServer server;

    @BeforeAll
    static void start() {
        server = FakeProviderServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Reply post(String path, String body) throws IOException, InterruptedException {
        return FakeHttp.post(server.openAiBaseUrl() + path, body, "authorization", "Bearer sk-test");
    }

    @Test
    void legacy_completion_returns_text_choices_and_usage() throws Exception {
        JsonNode body = post("/completions", "{\"model\":\"gpt-instruct\",\"prompt\":\"Once upon a time\"}").json();

        assertThat(body.path("id").asText()).startsWith("cmpl-");
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.at("/choices/0/text").asText()).isEqualTo("Hello from gpt-instruct. w1 w2 w3 w4 w5");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/choices/0/logprobs").isNull()).isTrue();
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(1 + 4);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void legacy_completion_gives_one_choice_per_prompt_of_an_array() throws Exception {
        JsonNode body = post("/completions", "{\"model\":\"m\",\"prompt\":[\"one two\",\"three\"],\"max_tokens\":3}")
                .json();

        assertThat(body.path("choices")).hasSize(2);
        assertThat(body.at("/choices/1/index").asInt()).isEqualTo(1);
        assertThat(body.at("/choices/1/text").asText()).isEqualTo("Hello from m.");
        assertThat(body.at("/choices/1/finish_reason").asText()).isEqualTo("length");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(3 + 2);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void legacy_completion_stream_deltas_concatenate_to_the_text_and_include_usage_works() throws Exception {
        List<SseEvent> events = post("/completions", "{\"model\":\"m\",\"prompt\":\"Hi\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}").events();

        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        JsonNode usage = events.get(events.size() - 2).json();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(8);
        StringBuilder text = new StringBuilder();
        events.subList(0, events.size() - 2).forEach(e -> {
            assertThat(e.json().path("object").asText()).isEqualTo("text_completion");
            assertThat(e.json().get("usage").isNull()).isTrue();
            text.append(e.json().at("/choices/0/text").asText());
        });
        assertThat(text.toString()).isEqualTo("Hello from m. w1 w2 w3 w4 w5");
        assertThat(events.get(events.size() - 3).json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void embeddings_are_deterministic_unit_vectors_of_eight_dimensions_by_default() throws Exception {
        String request = "{\"model\":\"text-embedding-3-small\",\"input\":[\"hello world\",\"other text\"]}";
        JsonNode first = post("/embeddings", request).json();
        JsonNode second = post("/embeddings", request).json();

        assertThat(first.path("object").asText()).isEqualTo("list");
        assertThat(first.path("data")).hasSize(2);
        assertThat(first.at("/data/0/object").asText()).isEqualTo("embedding");
        assertThat(first.at("/data/1/index").asInt()).isEqualTo(1);
        JsonNode vector = first.at("/data/0/embedding");
        assertThat(vector).hasSize(8);
        double norm = 0;
        for (JsonNode value : vector) {
            norm += value.asDouble() * value.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(first.path("data")).isEqualTo(second.path("data"));
        assertThat(first.at("/data/0/embedding")).isNotEqualTo(first.at("/data/1/embedding"));
        assertThat(first.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
        assertThat(first.at("/usage/total_tokens").asInt()).isEqualTo(4);
        assertThat(first.path("model").asText()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void embeddings_honour_dimensions_and_base64_encoding() throws Exception {
        JsonNode floats = post("/embeddings", "{\"model\":\"e\",\"input\":\"abc\",\"dimensions\":16}").json();
        JsonNode base64 = post("/embeddings",
                "{\"model\":\"e\",\"input\":\"abc\",\"dimensions\":16,\"encoding_format\":\"base64\"}").json();

        assertThat(floats.at("/data/0/embedding")).hasSize(16);
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(16 * 4);
        for (int i = 0; i < 16; i++) {
            assertThat(bytes.getFloat()).isEqualTo(floats.at("/data/0/embedding/" + i).floatValue());
        }
    }

    @Test
    void models_lists_fake_models_in_openai_shape() throws Exception {
        JsonNode list = FakeHttp.get(server.openAiBaseUrl() + "/models", "authorization", "Bearer sk-test").json();
        JsonNode one = FakeHttp.get(server.openAiBaseUrl() + "/models/anything", "authorization", "Bearer sk-test")
                .json();

        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data")).isNotEmpty();
        assertThat(list.at("/data/0/object").asText()).isEqualTo("model");
        assertThat(list.at("/data/0/owned_by").asText()).isNotEmpty();
        assertThat(one.path("id").asText()).isEqualTo("anything");
    }

    @Test
    void unknown_paths_and_bad_json_get_openai_errors() throws Exception {
        Reply unknown = post("/nope", "{}");
        Reply badJson = post("/chat/completions", "{not json");
        Reply noMessages = post("/chat/completions", "{\"model\":\"m\"}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().at("/error/message").asText()).contains("could not parse the JSON body");
        assertThat(noMessages.status()).isEqualTo(400);
        assertThat(noMessages.json().at("/error/param").asText()).isEqualTo("messages");
    }
}
