package dev.switchboard.gateway.api;

import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import dev.switchboard.gateway.errors.ApiException;
import java.util.List;

/**
 * The rules every OpenAI-style {@code tool_choice} shares, whatever shape names the function (chat's
 * {@code {type, function: {name}}}, the Responses API's {@code {type, name}}): the three modes by name, a named
 * function that must be one of the tools, and no choice at all without tools ("auto" and "none" then mean nothing
 * and are dropped, as providers reject a tool choice without tools; the others are an error).
 */
public final class ToolChoices {

    private ToolChoices() {
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
