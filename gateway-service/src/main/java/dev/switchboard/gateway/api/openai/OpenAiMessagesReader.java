package dev.switchboard.gateway.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.CacheControls;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code messages} of an OpenAI chat request → canonical messages. {@code developer} is a system message;
 * content is a string or an array of parts ({@code text} everywhere, {@code image_url} in user messages);
 * an assistant's {@code tool_calls} become {@link ContentPart.ToolUse} parts and its {@code reasoning_details}
 * leading {@link ContentPart.Thinking} parts ({@link ReasoningDetails}; its plain {@code reasoning} text is not read:
 * no provider takes unsigned reasoning back); a {@code tool} message becomes a
 * {@link ContentPart.ToolResult} named after the call it answers when that call is in the conversation.
 */
final class OpenAiMessagesReader {

    static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");
    private static final List<String> DETAILS = List.of("auto", "low", "high");
    private static final Pattern DATA_URL = Pattern.compile("data:[\\w.+-]+/[\\w.+-]+;base64,");

    private OpenAiMessagesReader() {
    }

    static List<Message> read(FieldReader request) {
        JsonNode array = request.array("messages");
        if (array == null) {
            throw ApiException.badRequest("messages", "is required");
        }
        if (array.isEmpty()) {
            throw ApiException.badRequest("messages", "must not be empty");
        }
        Map<String, String> toolNames = new HashMap<>();
        List<Message> messages = new ArrayList<>(array.size());
        for (FieldReader message : request.objects("messages")) {
            String role = message.string("role");
            if (role == null) {
                throw ApiException.badRequest(message.path("role"), "is required");
            }
            String name = message.string("name");
            messages.add(switch (role) {
                case "system", "developer" -> new Message(Role.SYSTEM, content(message, false, true), name);
                case "user" -> new Message(Role.USER, content(message, true, true), name);
                case "assistant" -> assistant(message, name, toolNames);
                case "tool" -> tool(message, toolNames);
                default -> throw ApiException.badRequest(message.path("role"), "must be one of " + String.join(", ", ROLES));
            });
        }
        return messages;
    }

    private static Message assistant(FieldReader message, String name, Map<String, String> toolNames) {
        // reasoning first, as the provider gave it: its reasoning_details carry what it needs back (signatures)
        List<ContentPart> parts = new ArrayList<>(ReasoningDetails.read(message));
        parts.addAll(content(message, false, false));
        List<FieldReader> calls = message.objects("tool_calls");
        if (!calls.isEmpty()) {
            // "content": "" beside tool calls means "no text"; formats such as Anthropic's reject empty text.
            parts.removeIf(p -> p instanceof ContentPart.Text t && t.text().isEmpty());
        }
        for (FieldReader call : calls) {
            String id = call.requiredString("id");
            call.oneOf("type", List.of("function"));
            FieldReader function = call.object("function");
            if (function == null) {
                throw ApiException.badRequest(call.path("function"), "is required");
            }
            String functionName = function.requiredString("name");
            toolNames.put(id, functionName);
            parts.add(new ContentPart.ToolUse(id, functionName, arguments(function)));
        }
        if (parts.stream().allMatch(ContentPart.Thinking.class::isInstance) && calls.isEmpty() && message.raw("content") == null) {
            throw ApiException.badRequest(message.path("content"), "is required unless the message has tool_calls");
        }
        return new Message(Role.ASSISTANT, parts, name);
    }

    /** Arguments are JSON text; an object (some clients send one) is accepted and written as text. */
    private static String arguments(FieldReader function) {
        JsonNode arguments = function.raw("arguments");
        if (arguments == null) {
            return "{}";
        }
        if (arguments.isTextual()) {
            return arguments.asText().isBlank() ? "{}" : arguments.asText();
        }
        if (arguments.isObject()) {
            return arguments.toString();
        }
        throw ApiException.badRequest(function.path("arguments"), "must be a string of JSON");
    }

    private static Message tool(FieldReader message, Map<String, String> toolNames) {
        String toolCallId = message.string("tool_call_id");
        if (toolCallId == null || toolCallId.isBlank()) {
            throw ApiException.badRequest(message.path("tool_call_id"), "is required in a tool message");
        }
        StringBuilder text = new StringBuilder();
        ContentPart.CacheBreakpoint breakpoint = null;
        for (ContentPart part : content(message, false, true)) {
            if (part instanceof ContentPart.Text t) {
                text.append(t.text());
            } else if (part instanceof ContentPart.CacheBreakpoint b) {
                breakpoint = b; // the result is one part: a breakpoint in it marks the whole result
            }
        }
        ContentPart result = new ContentPart.ToolResult(toolCallId, toolNames.get(toolCallId), text.toString(), false);
        return new Message(Role.TOOL, breakpoint == null ? List.of(result) : List.of(result, breakpoint), null);
    }

    /** Text and (when {@code images}) image parts of {@code content}: a string or an array of parts. */
    private static List<ContentPart> content(FieldReader message, boolean images, boolean required) {
        JsonNode content = message.raw("content");
        String path = message.path("content");
        if (content == null) {
            if (required) {
                throw ApiException.badRequest(path, "is required");
            }
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(new ContentPart.Text(content.asText()));
        }
        if (!content.isArray()) {
            throw ApiException.badRequest(path, "must be a string or an array of content parts");
        }
        List<ContentPart> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            FieldReader part = FieldReader.of(content.get(i), path + "[" + i + "]");
            String type = part.requiredString("type");
            if (type.equals("text")) {
                String text = part.string("text");
                if (text == null) {
                    throw ApiException.badRequest(part.path("text"), "is required");
                }
                parts.add(new ContentPart.Text(text));
                // OpenRouter's prompt caching: a breakpoint on a text part, for Anthropic-format upstreams
                ContentPart.CacheBreakpoint breakpoint = CacheControls.read(part.node(), part.path());
                if (breakpoint != null) {
                    parts.add(breakpoint);
                }
            } else if (type.equals("image_url") && images) {
                parts.add(image(part));
            } else {
                throw ApiException.badRequest(part.path("type"), (images ? "must be text or image_url" : "must be text")
                        + " here (" + type + " is not supported)");
            }
        }
        return parts;
    }

    private static ContentPart.Image image(FieldReader part) {
        JsonNode imageUrl = part.raw("image_url");
        if (imageUrl == null) {
            throw ApiException.badRequest(part.path("image_url"), "is required");
        }
        String url;
        String detail = null;
        String urlPath;
        if (imageUrl.isTextual()) {
            url = imageUrl.asText();
            urlPath = part.path("image_url");
        } else {
            FieldReader image = part.object("image_url");
            url = image.requiredString("url");
            detail = image.oneOf("detail", DETAILS);
            urlPath = image.path("url");
        }
        if (!(url.startsWith("https://") || url.startsWith("http://") || DATA_URL.matcher(url).lookingAt())) {
            throw ApiException.badRequest(urlPath, "must be an http(s) URL or a base64 data URL (data:<type>;base64,…)");
        }
        return new ContentPart.Image(url, detail);
    }
}
