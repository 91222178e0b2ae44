package dev.switchboard.gateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.gateway.wire.openai.responses.FunctionTool;
import dev.switchboard.gateway.wire.openai.responses.ReasoningConfig;
import dev.switchboard.gateway.wire.openai.responses.TextConfig;
import java.util.List;

/**
 * What a {@code Response} echoes of the request that made it, as OpenAI's does: read once by
 * {@link ResponsesRequestReader}, written on every response object (streamed ones included).
 *
 * @param toolChoice        as the client sent it, or {@code "auto"}
 * @param parallelToolCalls as the client sent it, or true (OpenAI's default)
 * @param reasoning         null when the request had none
 */
public record ResponseSettings(String instructions, List<FunctionTool> tools, JsonNode toolChoice, boolean parallelToolCalls,
                               Double temperature, Double topP, Integer maxOutputTokens, ReasoningConfig reasoning,
                               TextConfig text, String user) {

    /** The settings of a request that set nothing but its model and input. */
    public static final ResponseSettings DEFAULTS = new ResponseSettings(null, List.of(), TextNode.valueOf("auto"), true,
            null, null, null, null, TextConfig.TEXT, null);

    public ResponseSettings {
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolChoice = toolChoice == null ? TextNode.valueOf("auto") : toolChoice;
        text = text == null ? TextConfig.TEXT : text;
    }
}
