package dev.switchboard.gateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.api.ClientText;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.api.ToolChoices;
import dev.switchboard.gateway.api.ProviderPreferencesReader;
import dev.switchboard.gateway.api.SamplingFields;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Reasoning;
import dev.switchboard.gateway.canonical.ResponseFormat;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Sampling;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.wire.openai.responses.FunctionTool;
import dev.switchboard.gateway.wire.openai.responses.ReasoningConfig;
import dev.switchboard.gateway.wire.openai.responses.TextConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of our {@code POST /api/v1/responses} (OpenAI's Responses API) → a canonical {@link ChatRequest}, the
 * routing options and what the response echoes ({@link ResponsesRequest}). Validation is strict: every problem is a
 * 400 naming its field ({@code input[2].content[0].type}), and a field the gateway cannot honour is refused, never
 * ignored: the stored-state fields ({@code store: true}, {@code previous_response_id}, {@code conversation},
 * {@code prompt}, {@code metadata}, {@code background: true}) because the gateway stores no response, built-in tools
 * (web search, file search, computer use, …) because they run on OpenAI's servers, and every top-level field it
 * does not know. OpenRouter's {@code models} and {@code provider} are read as on every inference route.
 * <ul>
 *   <li>{@code input} is a string (one user message) or an array of items: messages (with or without
 *       {@code type: "message"}; {@code developer} is a system message), {@code function_call} items (joined to
 *       the assistant message before them), {@code function_call_output} items (TOOL messages, named after the
 *       call they answer) and {@code reasoning} items ({@link ResponsesReasoning#decode}).</li>
 *   <li>{@code instructions} becomes one leading SYSTEM message.</li>
 *   <li>The ids and statuses of items a client sends back from an earlier response are accepted and not needed.</li>
 * </ul>
 */
@Singleton
public class ResponsesRequestReader {

    static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");
    static final List<String> SUMMARIES = List.of("auto", "concise", "detailed");
    static final String ENCRYPTED_REASONING = "reasoning.encrypted_content";
    private static final List<String> ROLES = List.of("user", "assistant", "system", "developer");
    private static final List<String> DETAILS = List.of("auto", "low", "high");
    private static final List<String> FORMAT_TYPES = List.of("text", "json_object", "json_schema");
    private static final String ITEM_TYPES = "message, function_call, function_call_output, reasoning";
    private static final Pattern DATA_URL = Pattern.compile("data:[\\w.+-]+/[\\w.+-]+;base64,");
    private static final String STATELESS = "responses are not stored by this gateway; send the whole conversation in input";

    /** The top-level fields read here. */
    private static final Set<String> FIELDS = Set.of("model", "models", "provider", "input", "instructions", "tools",
            "tool_choice", "parallel_tool_calls", "reasoning", "max_output_tokens", "temperature", "top_p", "text", "user",
            "stream", "store", "background", "include", "prompt_cache_key", "safety_identifier");
    /** Fields of OpenAI's that the gateway cannot honour, and why. */
    private static final Map<String, String> REFUSED = Map.of(
            "previous_response_id", STATELESS,
            "conversation", STATELESS,
            "prompt", "stored prompts are not supported; send instructions and input",
            "metadata", "is not supported: responses are not stored by this gateway, so there is nothing to attach metadata to");
    private static final Set<String> TOOL_FIELDS = Set.of("type", "name", "description", "parameters", "strict");
    private static final Set<String> REASONING_FIELDS = Set.of("effort", "summary", "max_tokens", "exclude", "enabled");

    /** @throws ApiException 400 naming the field when the body is not a valid Responses request */
    public ResponsesRequest read(byte[] body) {
        return read(FieldReader.body(body)); // parsed, and refused, exactly as every inference body is
    }

    public ResponsesRequest read(FieldReader request) {
        onlyKnown(request);
        String model = request.text("model", ClientText.MODEL);
        if (model == null) {
            throw ApiException.badRequest("model", "is required");
        }
        if (model.isBlank()) {
            throw ApiException.badRequest("model", "must not be empty");
        }
        List<String> models = request.texts("models", ClientText.MODEL);
        stateless(request);

        String instructions = request.string("instructions");
        List<Message> messages = new ArrayList<>();
        if (instructions != null && !instructions.isEmpty()) {
            messages.add(Message.of(Role.SYSTEM, instructions));
        }
        messages.addAll(input(request));

        List<FieldReader> toolObjects = request.objects("tools");
        List<Tool> tools = tools(toolObjects);
        ToolChoice toolChoice = toolChoice(request, tools);
        Boolean parallel = request.bool("parallel_tool_calls");
        FieldReader reasoningObject = request.object("reasoning");
        Reasoning reasoning = reasoning(reasoningObject);
        FieldReader textObject = request.object("text");
        ResponseFormat format = format(textObject);
        Double temperature = SamplingFields.temperature(request);
        Double topP = SamplingFields.topP(request);
        Integer maxOutputTokens = request.integer("max_output_tokens", 1, Integer.MAX_VALUE);
        String user = request.text("user", ClientText.USER);
        // OpenAI's newer name for the end user's id (the SDKs deprecate user for it): recorded the same way
        String safetyIdentifier = request.text("safety_identifier", ClientText.USER);
        if (user == null) {
            user = safetyIdentifier;
        }
        // a hint for OpenAI's own cache routing (Codex sends one): checked as a client string; no upstream here
        // routes by it (Anthropic caches at the breakpoints a request marks, Gemini by prefix), so it changes nothing
        request.text("prompt_cache_key", ClientText.USER);

        ChatRequest chat = new ChatRequest(model, messages, tools, toolChoice,
                new Sampling(temperature, topP, null, null, null, null, null), maxOutputTokens, List.of(), format, reasoning,
                request.bool("stream", false), user, tools.isEmpty() ? null : parallel, null);
        ResponseSettings settings = new ResponseSettings(instructions,
                tools.stream().map(t -> new FunctionTool(t.name(), t.description(), t.parameters(), t.strict())).toList(),
                request.raw("tool_choice"), parallel == null || parallel, temperature, topP, maxOutputTokens,
                reasoningObject == null ? null : new ReasoningConfig(reasoningObject.string("effort"), reasoningObject.string("summary")),
                textConfig(format), user);
        return new ResponsesRequest(chat, ProviderPreferencesReader.options(request, models, model), settings);
    }

    /** Every top-level field is one the gateway reads, or refused naming it (a null value counts as absent). */
    private static void onlyKnown(FieldReader request) {
        for (Iterator<String> names = request.node().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!request.has(name) || FIELDS.contains(name)) {
                continue;
            }
            String reason = REFUSED.get(name);
            throw ApiException.badRequest(ClientText.problem(name, 64) == null ? name : "body",
                    reason != null ? reason : "is not supported by /responses on this gateway");
        }
    }

    /** {@code store} and {@code background} are accepted when false (what the gateway does anyway); {@code include} names only what it can honour. */
    private static void stateless(FieldReader request) {
        if (request.bool("store", false)) {
            throw ApiException.badRequest("store", STATELESS + "; send store: false or leave it out");
        }
        if (request.bool("background", false)) {
            throw ApiException.badRequest("background", "background responses are not supported (they need a stored response to poll); leave it out");
        }
        List<String> include = request.strings("include");
        for (int i = 0; i < include.size(); i++) {
            if (!include.get(i).equals(ENCRYPTED_REASONING)) {
                throw ApiException.badRequest("include[" + i + "]", "only " + ENCRYPTED_REASONING + " is supported");
            }
        }
    }

    private static List<Message> input(FieldReader request) {
        JsonNode input = request.raw("input");
        if (input == null) {
            throw ApiException.badRequest("input", "is required");
        }
        if (input.isTextual()) {
            return List.of(Message.of(Role.USER, input.asText()));
        }
        if (!input.isArray()) {
            throw ApiException.badRequest("input", "must be a string or an array of input items");
        }
        if (input.isEmpty()) {
            throw ApiException.badRequest("input", "must not be empty");
        }
        Map<String, String> toolNames = new HashMap<>();
        List<Message> messages = new ArrayList<>();
        for (FieldReader item : request.objects("input")) {
            String type = item.string("type");
            if (type == null) {
                if (!item.has("role")) {
                    throw ApiException.badRequest(item.path("type"), "is required unless the item is a message with a role");
                }
                type = "message";
            }
            switch (type) {
                case "message" -> {
                    Message message = message(item);
                    if (message.role() == Role.ASSISTANT) {
                        assistant(messages, message.content());
                    } else {
                        messages.add(message);
                    }
                }
                case "function_call" -> assistant(messages, List.of(functionCall(item, toolNames)));
                case "function_call_output" -> messages.add(functionCallOutput(item, toolNames));
                case "reasoning" -> assistant(messages, ResponsesReasoning.decode(item));
                default -> throw ApiException.badRequest(item.path("type"), "'" + type
                        + "' items are not supported; expected one of " + ITEM_TYPES);
            }
        }
        return messages;
    }

    /** Adds assistant parts to the assistant message just before (one turn's message and calls are one message). */
    private static void assistant(List<Message> messages, List<ContentPart> parts) {
        if (parts.isEmpty()) {
            return;
        }
        int last = messages.size() - 1;
        if (last >= 0 && messages.get(last).role() == Role.ASSISTANT) {
            List<ContentPart> joined = new ArrayList<>(messages.get(last).content());
            joined.addAll(parts);
            messages.set(last, new Message(Role.ASSISTANT, joined, null));
        } else {
            messages.add(new Message(Role.ASSISTANT, parts, null));
        }
    }

    private static Message message(FieldReader item) {
        String role = item.string("role");
        if (role == null) {
            throw ApiException.badRequest(item.path("role"), "is required");
        }
        if (!ROLES.contains(role)) {
            throw ApiException.badRequest(item.path("role"), "must be one of " + String.join(", ", ROLES));
        }
        JsonNode content = item.raw("content");
        if (content == null) {
            throw ApiException.badRequest(item.path("content"), "is required");
        }
        Role canonical = switch (role) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            default -> Role.SYSTEM;
        };
        if (content.isTextual()) {
            return Message.of(canonical, content.asText());
        }
        if (!content.isArray()) {
            throw ApiException.badRequest(item.path("content"), "must be a string or an array of content parts");
        }
        String allowed = switch (canonical) {
            case USER -> "input_text, input_image";
            case ASSISTANT -> "output_text, input_text";
            default -> "input_text";
        };
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            FieldReader part = FieldReader.of(content.get(i), item.path("content") + "[" + i + "]");
            String type = part.requiredString("type");
            if (type.equals("input_text") || type.equals("output_text") && canonical == Role.ASSISTANT) {
                parts.add(new ContentPart.Text(text(part)));
            } else if (type.equals("input_image") && canonical == Role.USER) {
                parts.add(image(part));
            } else {
                throw ApiException.badRequest(part.path("type"), "must be one of " + allowed + (canonical == Role.ASSISTANT ? " in an " : " in a ") + role
                        + " message (" + type + " is not supported)");
            }
        }
        return new Message(canonical, parts, null);
    }

    private static String text(FieldReader part) {
        String text = part.string("text");
        if (text == null) {
            throw ApiException.badRequest(part.path("text"), "is required");
        }
        return text;
    }

    private static ContentPart.Image image(FieldReader part) {
        if (part.has("file_id")) {
            throw ApiException.badRequest(part.path("file_id"), "uploaded files are not supported; send image_url (an https URL or a base64 data URL)");
        }
        String url = part.string("image_url");
        if (url == null) {
            throw ApiException.badRequest(part.path("image_url"), "is required");
        }
        if (!(url.startsWith("https://") || url.startsWith("http://") || DATA_URL.matcher(url).lookingAt())) {
            throw ApiException.badRequest(part.path("image_url"), "must be an http(s) URL or a base64 data URL (data:<type>;base64,…)");
        }
        return new ContentPart.Image(url, part.oneOf("detail", DETAILS));
    }

    private static ContentPart.ToolUse functionCall(FieldReader item, Map<String, String> toolNames) {
        String callId = item.requiredString("call_id");
        String name = item.requiredString("name");
        String arguments = item.string("arguments");
        if (arguments == null) {
            throw ApiException.badRequest(item.path("arguments"), "is required (a string of JSON)");
        }
        toolNames.put(callId, name);
        return new ContentPart.ToolUse(callId, name, arguments.isBlank() ? "{}" : arguments);
    }

    private static Message functionCallOutput(FieldReader item, Map<String, String> toolNames) {
        String callId = item.requiredString("call_id");
        JsonNode output = item.raw("output");
        String text;
        if (output == null) {
            throw ApiException.badRequest(item.path("output"), "is required");
        } else if (output.isTextual()) {
            text = output.asText();
        } else if (output.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < output.size(); i++) {
                FieldReader part = FieldReader.of(output.get(i), item.path("output") + "[" + i + "]");
                String type = part.requiredString("type");
                if (!type.equals("input_text")) {
                    throw ApiException.badRequest(part.path("type"), "must be input_text: only text tool output is supported ("
                            + type + " is not)");
                }
                sb.append(text(part));
            }
            text = sb.toString();
        } else {
            throw ApiException.badRequest(item.path("output"), "must be a string or an array of input_text parts");
        }
        return new Message(Role.TOOL, List.of(new ContentPart.ToolResult(callId, toolNames.get(callId), text, false)), null);
    }

    private static List<Tool> tools(List<FieldReader> objects) {
        List<Tool> tools = new ArrayList<>();
        for (FieldReader tool : objects) {
            String type = tool.string("type");
            if (type == null) {
                throw ApiException.badRequest(tool.path("type"), "is required");
            }
            if (!type.equals("function")) {
                throw ApiException.badRequest(tool.path("type"), "'" + type
                        + "' tools are not supported (built-in tools run on OpenAI's servers); only function tools are");
            }
            onlyKnown(tool, TOOL_FIELDS);
            FieldReader parameters = tool.object("parameters");
            tools.add(new Tool(tool.requiredString("name"), tool.string("description"),
                    parameters == null ? null : parameters.node(), tool.bool("strict")));
        }
        return tools;
    }

    /**
     * "auto" | "none" | "required" | {@code {"type":"function","name"}}. Without tools, "auto" and "none" mean
     * nothing and are dropped (providers reject a tool choice without tools); the others are an error.
     */
    private static ToolChoice toolChoice(FieldReader request, List<Tool> tools) {
        return ToolChoices.read(request, tools, "{\"type\":\"function\",\"name\":…}", object -> {
            String type = object.requiredString("type");
            if (!type.equals("function")) {
                throw ApiException.badRequest(object.path("type"), "'" + type + "' is not supported; only function tools are");
            }
            return Map.entry(object.requiredString("name"), object.path("name"));
        });
    }

    /**
     * OpenAI's {@code effort} and {@code summary}, and OpenRouter's {@code max_tokens}, {@code exclude} and
     * {@code enabled}. The summary has no canonical counterpart: whatever level is asked, the reasoning text the
     * provider returns is the summary (left out with {@code exclude: true}).
     */
    private static Reasoning reasoning(FieldReader reasoning) {
        if (reasoning == null) {
            return null;
        }
        onlyKnown(reasoning, REASONING_FIELDS);
        reasoning.oneOf("summary", SUMMARIES);
        return new Reasoning(reasoning.oneOf("effort", EFFORTS), reasoning.integer("max_tokens", 1, Integer.MAX_VALUE),
                reasoning.bool("exclude"), reasoning.bool("enabled"));
    }

    /** {@code text.format}: text, json_object, or json_schema with name, schema and strict. */
    private static ResponseFormat format(FieldReader text) {
        if (text == null) {
            return null;
        }
        onlyKnown(text, Set.of("format"));
        FieldReader format = text.object("format");
        if (format == null) {
            return null;
        }
        String type = format.oneOf("type", FORMAT_TYPES);
        if (type == null) {
            throw ApiException.badRequest(format.path("type"), "is required");
        }
        if (!type.equals("json_schema")) {
            onlyKnown(format, Set.of("type"));
            return new ResponseFormat(type.equals("text") ? ResponseFormat.Type.TEXT : ResponseFormat.Type.JSON_OBJECT,
                    null, null, null);
        }
        onlyKnown(format, Set.of("type", "name", "schema", "strict"));
        FieldReader schema = format.object("schema");
        if (schema == null) {
            throw ApiException.badRequest(format.path("schema"), "is required when type is json_schema");
        }
        return new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, format.requiredString("name"), schema.node(),
                format.bool("strict"));
    }

    private static TextConfig textConfig(ResponseFormat format) {
        if (format == null) {
            return TextConfig.TEXT;
        }
        return new TextConfig(switch (format.type()) {
            case TEXT -> new TextConfig.Format("text", null, null, null);
            case JSON_OBJECT -> new TextConfig.Format("json_object", null, null, null);
            case JSON_SCHEMA -> new TextConfig.Format("json_schema", format.name(), format.schema(), format.strict());
        });
    }

    private static void onlyKnown(FieldReader object, Set<String> known) {
        for (Iterator<String> names = object.node().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest(ClientText.problem(name, 64) == null ? object.path(name) : object.path(),
                        "is not supported; the supported fields are " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
