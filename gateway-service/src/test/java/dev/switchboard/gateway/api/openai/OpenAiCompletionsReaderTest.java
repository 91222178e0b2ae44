package dev.switchboard.gateway.api.openai;

import static dev.switchboard.gateway.api.openai.OpenAiChatRequestReaderTest.assertBadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.api.InboundChatRequest;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Sampling;
import dev.switchboard.gateway.routing.ProviderPreferences;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompletionsReaderTest {

    private final OpenAiCompletionsReader reader = new OpenAiCompletionsReader();

    @Test
    void a_prompt_becomes_one_user_message_with_the_sampling_and_limits() {
        InboundChatRequest inbound = reader.read(bytes("""
                {"model":"meta-llama/llama-3.1-8b","prompt":"Once upon a time","max_tokens":16,"temperature":0.5,
                 "top_p":0.9,"stop":["\\n"],"seed":3,"stream":true,"user":"u","logprobs":2,"n":1,
                 "provider":{"sort":"price"}}"""));

        assertThat(inbound.chat().messages()).containsExactly(Message.of(Role.USER, "Once upon a time"));
        assertThat(inbound.chat().model()).isEqualTo("meta-llama/llama-3.1-8b");
        assertThat(inbound.chat().maxTokens()).isEqualTo(16);
        assertThat(inbound.chat().sampling()).isEqualTo(new Sampling(0.5, 0.9, null, null, null, null, 3L));
        assertThat(inbound.chat().stop()).containsExactly("\n");
        assertThat(inbound.chat().user()).isEqualTo("u");
        assertThat(inbound.chat().extensions()).isEmpty();
        assertThat(inbound.chat().stream()).isTrue();
        assertThat(inbound.routing().provider().sort()).isEqualTo(ProviderPreferences.Sort.PRICE);
    }

    @Test
    void an_array_of_one_prompt_and_a_models_list_are_accepted() {
        InboundChatRequest inbound = reader.read(bytes("{\"models\":[\"a/b\",\"c/d\"],\"prompt\":[\"Hello\"]}"));

        assertThat(inbound.chat().messages()).containsExactly(Message.of(Role.USER, "Hello"));
        assertThat(inbound.chat().model()).isEqualTo("a/b");
        assertThat(inbound.routing().models()).containsExactly("c/d");
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"m\"}                                  | prompt | is required",
            "{\"model\":\"m\",\"prompt\":[\"a\",\"b\"]}         | prompt | batched prompts (2) are not supported, send one request per prompt",
            "{\"model\":\"m\",\"prompt\":[]}                    | prompt | must not be an empty array",
            "{\"model\":\"m\",\"prompt\":[[1,2,3]]}             | prompt[0] | token arrays are not supported",
            "{\"model\":\"m\",\"prompt\":42}                    | prompt | must be a string or an array of one string",
            "{\"prompt\":\"p\"}                                 | model | is required",
            "{\"model\":\"m\",\"prompt\":\"p\",\"max_tokens\":0} | max_tokens | must be a positive integer",
            "{\"model\":\"m\",\"prompt\":\"p\",\"temperature\":\"x\"} | temperature | must be a number",
            "{\"model\":\"m\",\"prompt\":\"p\",\"stream\":1}    | stream | must be a boolean",
            "{\"model\":\"m\",\"prompt\":\"p\",\"stop\":{}}     | stop | must be a string or an array of strings",
            "{\"model\":\"m\",\"prompt\":\"p\",\"n\":3}         | n | must be 1",
            "{\"model\":\"m\",\"prompt\":\"p\",\"best_of\":2}   | best_of | must be 1",
            "{\"model\":\"m\",\"prompt\":\"p\",\"echo\":true}   | echo | is not supported",
            "{\"model\":\"m\",\"prompt\":\"p\",\"suffix\":\"s\"} | suffix | is not supported",
            "{\"model\":\"m\",\"prompt\":\"p\",\"logprobs\":9}  | logprobs | must be an integer between 0 and 5",
            "{\"model\":\"m\",\"prompt\":\"p\",\"provider\":{\"only\":\"x\"}} | provider.only | must be an array",
            "{\"model\":\"m\",\"prompt\":\"p\",\"user\":\"\\u001b[2J\"} | user | must not contain control characters (U+001B at character 1)",
            "{\"model\":\"m\\u0000\",\"prompt\":\"p\"}     | model | must not contain control characters",
            "{\"models\":[\"m\\ud83d\"],\"prompt\":\"p\"}  | models[0] | unpaired UTF-16 surrogate"})
    void names_the_field_of_every_validation_failure(String body, String field, String problem) {
        assertBadRequest(() -> reader.read(bytes(body)), field, problem);
    }

    @Test
    void refuses_a_user_or_model_longer_than_the_gateway_records() {
        assertBadRequest(() -> reader.read(bytes("{\"model\":\"m\",\"prompt\":\"p\",\"user\":\"" + "u".repeat(257) + "\"}")), "user",
                "must be at most 256 characters (it has 257)");
        assertBadRequest(() -> reader.read(bytes("{\"model\":\"" + "m".repeat(201) + "\",\"prompt\":\"p\"}")), "model",
                "must be at most 200 characters (it has 201)");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
