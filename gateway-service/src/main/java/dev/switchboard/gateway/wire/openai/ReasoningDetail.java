package dev.switchboard.gateway.wire.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of OpenRouter's {@code reasoning_details} on an assistant message or a stream delta: the reasoning
 * with what the provider needs back to continue it. {@code type} is {@code reasoning.text} (text and, when signed,
 * its {@code signature}), {@code reasoning.encrypted} ({@code data}: redacted reasoning, or a Gemini thought
 * signature with {@code id} naming the tool call it came with) or {@code reasoning.summary}. {@code format} says
 * whose it is ({@code anthropic-claude-v1}, {@code google-gemini-v1}, …); {@code index} groups the pieces of one
 * streamed detail.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReasoningDetail(String type, String text, String signature, String data, String summary, String id,
                              String format, Integer index) {

    public static final String TEXT = "reasoning.text";
    public static final String ENCRYPTED = "reasoning.encrypted";
    public static final String SUMMARY = "reasoning.summary";
}
