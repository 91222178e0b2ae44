package dev.switchboard.gateway.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.errors.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasoningDetailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ContentPart.Thinking> read(String message) throws Exception {
        return ReasoningDetails.read(FieldReader.of(JSON.readTree(message), "messages[1]"));
    }

    @Test
    void what_a_response_gives_reads_back_as_the_same_parts() throws Exception {
        List<ContentPart.Thinking> parts = List.of(
                new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, "Let me think.", "EqQB", null, null),
                new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, null, null, "redacted==", null),
                new ContentPart.Thinking(ContentPart.Thinking.GEMINI, null, "CiQB", null, "call_x_0"));
        String message = JSON.writeValueAsString(java.util.Map.of("role", "assistant", "reasoning_details", ReasoningDetails.of(parts)));
        assertThat(read(message)).isEqualTo(parts);
    }

    @Test
    void streamed_pieces_join_into_the_text_their_signature_signs() throws Exception {
        assertThat(read("""
                {"role": "assistant", "reasoning_details": [
                  {"type": "reasoning.text", "text": "Let"}, {"type": "reasoning.text", "text": " me think."},
                  {"type": "reasoning.text", "text": "", "signature": "EqQB", "format": "anthropic-claude-v1"},
                  {"type": "reasoning.text", "text": "unsigned tail"}]}""")).containsExactly(
                new ContentPart.Thinking(ContentPart.Thinking.ANTHROPIC, "Let me think.", "EqQB", null, null),
                new ContentPart.Thinking(null, "unsigned tail", null, null, null));
    }

    @Test
    void a_summary_is_unsigned_text_and_an_unknown_type_is_the_clients_400() throws Exception {
        assertThat(read("{\"reasoning_details\": [{\"type\": \"reasoning.summary\", \"summary\": \"short\"}]}"))
                .containsExactly(ContentPart.Thinking.text("short"));
        assertThatThrownBy(() -> read("{\"reasoning_details\": [{\"type\": \"reasoning.magic\"}]}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("messages[1].reasoning_details[0].type");
        assertThatThrownBy(() -> read("{\"reasoning_details\": [{\"type\": \"reasoning.encrypted\"}]}"))
                .isInstanceOf(ApiException.class).hasMessageContaining("data");
    }
}
