package dev.switchboard.gateway.wire.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The body of {@code models/{model}:generateContent} and {@code :streamGenerateContent}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerateContentRequest(List<Content> contents, Content systemInstruction, List<GeminiTool> tools,
                                     ToolConfig toolConfig, GenerationConfig generationConfig) {
}
