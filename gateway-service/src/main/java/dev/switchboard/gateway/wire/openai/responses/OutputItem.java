package dev.switchboard.gateway.wire.openai.responses;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** An item of a response's {@code output}: a message, a function call or a reasoning item. */
public sealed interface OutputItem {

    String id();

    /** {@code {"type":"message","id":"msg_…","status","role":"assistant","content":[output_text…]}} */
    record Message(String type, String id, String status, String role, List<OutputText> content) implements OutputItem {

        public Message(String id, String status, List<OutputText> content) {
            this("message", id, status, "assistant", content);
        }
    }

    /** {@code {"type":"function_call","id":"fc_…","status","arguments","call_id","name"}} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FunctionCall(String type, String id, String status, String arguments, String callId, String name)
            implements OutputItem {

        public FunctionCall(String id, String status, String arguments, String callId, String name) {
            this("function_call", id, status, arguments, callId, name);
        }
    }

    /** {@code {"type":"reasoning","id":"rs_…","summary":[summary_text…]}}; {@code encrypted_content} only when set. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Reasoning(String type, String id, List<SummaryText> summary,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String encryptedContent) implements OutputItem {

        public Reasoning(String id, List<SummaryText> summary, String encryptedContent) {
            this("reasoning", id, summary, encryptedContent);
        }
    }
}
