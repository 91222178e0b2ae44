package dev.switchboard.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.gateway.support.GatewayTestBase;
import dev.switchboard.testkit.seed.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the gateway by base URL only. */
@QuarkusTest
class OpenAiSdkTest extends GatewayTestBase {

    @Test
    void the_official_sdk_gets_a_plain_completion() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey(t.secret()).maxRetries(0).build();
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("switchboard/echo-anthropic").addUserMessage("Say hello to me").build());
        assertThat(completion.id()).startsWith("gen-");
        assertThat(completion.choices().getFirst().message().content()).contains("Hello from echo-anthropic. w1 w2 w3 w4 w5");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(13);
    }

    @Test
    void the_official_sdk_streams_a_completion_with_usage() {
        Tenants.Tenant t = tenant(TEN_DOLLARS);
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey(t.secret()).maxRetries(0).build();
        StringBuilder text = new StringBuilder();
        long[] totalTokens = {0};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("switchboard/echo-gemini").addUserMessage("Say hello to me").build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> totalTokens[0] = u.totalTokens());
            });
        }
        assertThat(text.toString()).isEqualTo("Hello from echo-gemini. w1 w2 w3 w4 w5");
        assertThat(totalTokens[0]).isEqualTo(13);
    }
}
