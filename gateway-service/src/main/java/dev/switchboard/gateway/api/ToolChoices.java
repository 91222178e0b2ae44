package dev.switchboard.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import dev.switchboard.gateway.errors.ApiException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rules every OpenAI-style {@code tool_choice} shares, whatever shape names the function (chat's
 * {@code {type, function: {name}}}, the Responses API's {@code {type, name}}): the three modes by name, a named
 * function that must be one of the tools, and no choice at all without tools ("auto" and "none" then mean nothing
 * and are dropped, as providers reject a tool choice without tools; the others are an error).
 */
public final class ToolChoices {

    private ToolChoices() {
    }

    /**
     * The request's {@code tool_choice}: a mode by name, or an object whose function {@code functionName} reads (it
     * returns the name and the path it was read from); null when absent or when there are no tools.
     */
    public static ToolChoice read(FieldReader request, List<Tool> tools, String functionShape,
                                  Function<FieldReader, Map.Entry<String, String>> functionName) {
        JsonNode value = request.raw("tool_choice");
        if (value == null) {
            return null;
        }
        ToolChoice choice;
        if (value.isTextual()) {
            choice = mode(value.asText(), functionShape);
        } else {
            Map.Entry<String, String> named = functionName.apply(request.object("tool_choice"));
            choice = function(named.getKey(), tools, named.getValue());
        }
        return given(choice, tools);
    }

    /** "auto" | "none" | "required"; anything else is a 400 on tool_choice that shows {@code functionShape}. */
    public static ToolChoice mode(String value, String functionShape) {
        return switch (value) {
            case "auto" -> ToolChoice.AUTO;
            case "none" -> ToolChoice.NONE;
            case "required" -> ToolChoice.REQUIRED;
            default -> throw ApiException.badRequest("tool_choice", "must be auto, none, required or " + functionShape);
        };
    }

    /** The named function, which must be one of the tools ({@code field} names where the name was given). */
    public static ToolChoice function(String name, List<Tool> tools, String field) {
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw ApiException.badRequest(field, "must name one of the tools");
        }
        return ToolChoice.function(name);
    }

    /** The choice as sent on: null without tools, where only "auto" and "none" are allowed. */
    public static ToolChoice given(ToolChoice choice, List<Tool> tools) {
        if (tools.isEmpty()) {
            if (choice.mode() == ToolChoice.Mode.REQUIRED) {
                throw ApiException.badRequest("tool_choice", "is required but no tools are given");
            }
            return null;
        }
        return choice;
    }
}
