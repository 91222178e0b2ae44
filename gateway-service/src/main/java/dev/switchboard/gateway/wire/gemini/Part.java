package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One part of a turn; exactly one of text, inlineData, fileData, functionCall, functionResponse is set.
 * {@code thought} marks a reasoning summary; {@code thoughtSignature} is opaque and only read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Part(String text, Boolean thought, String thoughtSignature, Blob inlineData, FileData fileData,
                   FunctionCall functionCall, FunctionResponse functionResponse) {
}
