package dev.switchboard.gateway.wire.openai.responses;

import java.util.List;

/** {@code {"type":"output_text","text","annotations":[],"logprobs":[]}}: a message's text (never annotated here). */
public record OutputText(String type, String text, List<Object> annotations, List<Object> logprobs) {

    public OutputText(String text) {
        this("output_text", text, List.of(), List.of());
    }
}
