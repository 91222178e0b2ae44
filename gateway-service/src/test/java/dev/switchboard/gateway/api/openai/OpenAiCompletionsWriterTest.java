package dev.switchboard.gateway.api.openai;

import static dev.switchboard.gateway.api.openai.OpenAiChatResponseWriterTest.BILLED;
import static dev.switchboard.gateway.api.openai.OpenAiChatResponseWriterTest.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.completions.Completion;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.canonical.ChatChunk;
import dev.switchboard.gateway.canonical.ChatResponse;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.FinishReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiCompletionsWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiCompletionsWriter writer = new OpenAiCompletionsWriter();

    @Test
    void renders_a_text_completion_with_usage_and_cost() throws Exception {
        ChatResponse response = new ChatResponse("x", "m", List.of(new ContentPart.Text(", there lived a fox.")), null,
                FinishReason.LENGTH, "max_tokens", null);

        byte[] body = writer.completion(response, BILLED);

        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("""
                {"id":"gen-1700000000-abc","object":"text_completion","created":1700000000,"model":"openai/gpt-4o",
                 "provider":"OpenAI",
                 "choices":[{"text":", there lived a fox.","index":0,"logprobs":null,"finish_reason":"length",
                   "native_finish_reason":"max_tokens"}],
                 "usage":{"prompt_tokens":1082,"completion_tokens":57,"total_tokens":1139,
                   "prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":12},
                   "cost":0.000001234,"is_byok":false,
                   "cost_details":{"upstream_inference_cost":null,"upstream_inference_prompt_cost":0.000001,
                     "upstream_inference_completions_cost":0.000000234}}}"""));
        ObjectMappers.jsonMapper().readValue(body, Completion.class).validate();
    }

    @Test
    void renders_text_and_finish_chunks_and_skips_what_the_format_cannot_carry() throws Exception {
        JsonNode text = JSON.readTree(writer.chunk(new ChatChunk.TextDelta("Once"), START).orElseThrow());
        JsonNode finish = JSON.readTree(writer.chunk(new ChatChunk.Finish(FinishReason.STOP, "stop"), START).orElseThrow());

        assertThat(text.get("object").asText()).isEqualTo("text_completion");
        assertThat(text.get("choices")).isEqualTo(JSON.readTree("""
                [{"text":"Once","index":0,"logprobs":null,"finish_reason":null,"native_finish_reason":null}]"""));
        assertThat(text.has("usage")).isFalse();
        assertThat(finish.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(writer.chunk(new ChatChunk.Start("u", "m"), START)).isEmpty();
        assertThat(writer.chunk(new ChatChunk.ToolCallDelta(0, "c", "f", ""), START)).isEmpty();
        assertThat(writer.chunk(new ChatChunk.ReasoningDelta("r"), START)).isEmpty();
    }

    @Test
    void renders_the_usage_chunk_and_the_error_chunk() throws Exception {
        JsonNode usage = JSON.readTree(writer.usageChunk(BILLED));
        JsonNode error = JSON.readTree(writer.errorChunk(new ApiException(ErrorCode.UPSTREAM_TIMEOUT, "too slow"), START));

        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage").get("cost").decimalValue()).isEqualByComparingTo("0.000001234");
        assertThat(error.get("error")).isEqualTo(JSON.readTree("""
                {"code":408,"message":"too slow","metadata":{"error_type":"upstream_timeout","provider_name":"OpenAI"}}"""));
        assertThat(error.get("choices").get(0).get("finish_reason").asText()).isEqualTo("error");
    }
}
