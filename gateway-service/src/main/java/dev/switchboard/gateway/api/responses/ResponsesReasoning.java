package dev.switchboard.gateway.api.responses;

import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.wire.openai.responses.OutputItem;
import dev.switchboard.gateway.wire.openai.responses.SummaryText;
import java.util.List;

/**
 * Reasoning items of the Responses format, both ways, in one place: an input item a client sends back
 * ({@code {"type":"reasoning","id","summary":[…],"encrypted_content"}}) and the reasoning item of a response.
 */
final class ResponsesReasoning {

    private ResponsesReasoning() {
    }

    /** The canonical parts of a {@code reasoning} input item (read from {@code item}, named by its path). */
    static List<ContentPart> decode(FieldReader item) {
        return List.of(); // thinking round-trip lands with the canonical ContentPart.Thinking part
    }

    /**
     * The reasoning output item for the reasoning text a provider returned: its summary is that text, as one
     * {@code summary_text} part; no {@code encrypted_content} yet.
     */
    static OutputItem.Reasoning encode(String id, String reasoningText) {
        return new OutputItem.Reasoning(id, List.of(new SummaryText(reasoningText)), null);
    }
}
