package dev.switchboard.gateway.wire.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A {@code Response} ({@code object: "response"}): its output items and usage, and the request's settings echoed
 * as OpenAI echoes them ({@code instructions}, {@code tools}, {@code tool_choice}, {@code temperature}, …).
 *
 * @param status   {@code in_progress}, {@code completed}, {@code incomplete} or {@code failed}
 * @param toolChoice {@code "auto"}, {@code "none"}, {@code "required"} or {@code {"type":"function","name":…}}
 * @param store    always false: the gateway stores no response
 * @param provider OpenRouter's addition: the provider that served
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponseObject(
        String id,
        String object,
        long createdAt,
        String status,
        ResponseError error,
        IncompleteDetails incompleteDetails,
        String instructions,
        Integer maxOutputTokens,
        String model,
        List<OutputItem> output,
        boolean parallelToolCalls,
        String previousResponseId,
        ReasoningConfig reasoning,
        boolean store,
        Double temperature,
        TextConfig text,
        JsonNode toolChoice,
        List<FunctionTool> tools,
        Double topP,
        String truncation,
        ResponseUsage usage,
        String user,
        Map<String, String> metadata,
        String provider) {

    /** {@code {"code", "message"}}: why a response failed; {@code code} is one of OpenAI's (server_error, …). */
    public record ResponseError(String code, String message) {
    }

    /** {@code {"reason"}}: {@code max_output_tokens} or {@code content_filter}. */
    public record IncompleteDetails(String reason) {
    }
}
