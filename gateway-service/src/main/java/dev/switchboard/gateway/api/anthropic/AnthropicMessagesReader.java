package dev.switchboard.gateway.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.api.CacheControls;
import dev.switchboard.gateway.api.ClientText;
import dev.switchboard.gateway.api.FieldReader;
import dev.switchboard.gateway.api.SamplingFields;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Reasoning;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Sampling;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of our {@code POST /api/v1/messages} (Anthropic's Messages format) → a canonical {@link ChatRequest},
 * stream flag included ({@link ChatRequest#stream()}). Validation is strict where Anthropic's is: every problem is
 * a 400 naming the field ({@code messages[2].content[0].type}). The body is parsed, and its {@code temperature},
 * {@code top_p}, {@code top_k}, {@code model} and {@code metadata.user_id} checked, exactly as on
 * {@code /chat/completions} ({@link FieldReader}, {@link SamplingFields}, {@link ClientText}): the gateway sends a
 * Messages request to providers of every format. Top-level fields it does not know (OpenRouter's
 * {@code models}, {@code provider}, Anthropic's {@code service_tier}, …) are left for others to read.
 * <ul>
 *   <li>{@code system} (string or text blocks) becomes one leading SYSTEM message.</li>
 *   <li>A user turn's {@code tool_result} blocks become TOOL messages, one per result, in place; the tool's name
 *       is taken from the earlier {@code tool_use} with that id.</li>
 *   <li>{@code thinking} and {@code redacted_thinking} blocks of earlier assistant turns become
 *       {@link ContentPart.Thinking} parts ({@link ThinkingBlocks}), which go back to the provider that made them.</li>
 *   <li>{@code cache_control} on a system, text, image, tool_use or tool_result block becomes a
 *       {@link ContentPart.CacheBreakpoint} right after its part; on a tool, an entry of the {@code cache_control}
 *       extension ({@link ChatRequest#CACHE_CONTROL}).</li>
 * </ul>
 */
@Singleton
public class AnthropicMessagesReader {

    private static final String USER_BLOCKS = "text, image, tool_result";
    private static final String ASSISTANT_BLOCKS = "text, tool_use, thinking, redacted_thinking";

    /** @throws ApiException 400 naming the field when the body is not a valid Messages request */
    public ChatRequest read(byte[] body) {
        return read(FieldReader.body(body).node()); // parsed, and refused, exactly as /chat/completions bodies are
    }

    /** The same, for a body already parsed (so the caller can read other fields from the same tree). */
    public ChatRequest read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        FieldReader fields = FieldReader.of(root, "");
        // Anthropic features that run on Anthropic's side (MCP connectors, code execution containers, context
        // editing) or caching set for the whole request: refused rather than ignored (docs/api.md)
        for (String field : List.of("mcp_servers", "container", "context_management", "cache_control")) {
            if (present(root.get(field))) {
                throw ApiException.badRequest(field, field.equals("cache_control")
                        ? "on the whole request is not supported; mark the blocks to cache with cache_control"
                        : "is not supported by this gateway");
            }
        }
        String model = requiredText(root, "model");
        if (model.isBlank()) {
            throw ApiException.badRequest("model", "must not be empty");
        }
        ClientText.check("model", model, ClientText.MODEL);
        int maxTokens = requiredInt(root, "max_tokens");
        if (maxTokens < 1) {
            throw ApiException.badRequest("max_tokens", "must be at least 1");
        }
        List<Message> messages = new ArrayList<>();
        JsonNode system = root.get("system");
        if (present(system)) {
            messages.add(new Message(Role.SYSTEM, system(system), null));
        }
        JsonNode list = root.get("messages");
        if (!present(list)) {
            throw ApiException.badRequest("messages", "is required");
        }
        if (!list.isArray() || list.isEmpty()) {
            throw ApiException.badRequest("messages", "must be a non-empty array");
        }
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            messages.addAll(message(list.get(i), "messages[" + i + "]", toolNames));
        }

        JsonNode toolChoice = root.get("tool_choice");
        boolean serialTools = present(toolChoice) && toolChoice.isObject()
                && Boolean.TRUE.equals(optionalBoolean(toolChoice, "disable_parallel_tool_use", "tool_choice."));
        FieldReader metadata = fields.object("metadata");
        String user = metadata == null ? null : metadata.text("user_id", ClientText.USER);
        Sampling sampling = new Sampling(SamplingFields.temperature(fields), SamplingFields.topP(fields),
                SamplingFields.topK(fields), null, null, null, null);
        Map<String, String> cachedTools = new java.util.LinkedHashMap<>();
        List<Tool> tools = tools(root.get("tools"), cachedTools);
        return new ChatRequest(model, messages, tools, toolChoice(toolChoice), sampling, maxTokens,
                stopSequences(root.get("stop_sequences")), null, thinking(root.get("thinking")),
                Boolean.TRUE.equals(optionalBoolean(root, "stream", "")), user, serialTools ? Boolean.FALSE : null,
                cachedTools.isEmpty() ? null : Map.of(ChatRequest.CACHE_CONTROL, Map.copyOf(cachedTools)));
    }

    private static List<ContentPart> system(JsonNode system) {
        if (system.isTextual()) {
            return List.of(new ContentPart.Text(system.asText()));
        }
        if (!system.isArray()) {
            throw ApiException.badRequest("system", "must be a string or an array of text blocks");
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < system.size(); i++) {
            String field = "system[" + i + "]";
            JsonNode block = object(system.get(i), field);
            if (!"text".equals(block.path("type").asText())) {
                throw ApiException.badRequest(field + ".type", "must be text");
            }
            parts.add(new ContentPart.Text(requiredText(block, "text", field + ".")));
            addBreakpoint(parts, block, field);
        }
        return parts;
    }

    private static List<Message> message(JsonNode node, String field, Map<String, String> toolNames) {
        JsonNode message = object(node, field);
        String role = requiredText(message, "role", field + ".");
        boolean assistant = switch (role) {
            case "user" -> false;
            case "assistant" -> true;
            default -> throw ApiException.badRequest(field + ".role", "must be one of user, assistant");
        };
        JsonNode content = message.get("content");
        if (!present(content)) {
            throw ApiException.badRequest(field + ".content", "is required");
        }
        Role canonicalRole = assistant ? Role.ASSISTANT : Role.USER;
        if (content.isTextual()) {
            return List.of(Message.of(canonicalRole, content.asText()));
        }
        if (!content.isArray()) {
            throw ApiException.badRequest(field + ".content", "must be a string or an array of content blocks");
        }
        List<Message> out = new ArrayList<>();
        List<ContentPart> pending = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            String blockField = field + ".content[" + j + "]";
            JsonNode block = object(content.get(j), blockField);
            String type = requiredText(block, "type", blockField + ".");
            ContentPart part = switch (type) {
                case "text" -> new ContentPart.Text(requiredText(block, "text", blockField + "."));
                case "image" -> image(block, blockField);
                case "tool_use" -> assistant ? toolUse(block, blockField, toolNames) : null;
                case "tool_result" -> assistant ? null : toolResult(block, blockField, toolNames);
                case "thinking" -> assistant ? ThinkingBlocks.thinking(requiredText(block, "thinking", blockField + "."),
                        optionalText(block, "signature", blockField + ".")) : null;
                case "redacted_thinking" -> assistant ? ThinkingBlocks.redacted(requiredText(block, "data", blockField + ".")) : null;
                default -> throw ApiException.badRequest(blockField + ".type", "unknown block type '" + type
                        + "'; expected one of " + (assistant ? ASSISTANT_BLOCKS : USER_BLOCKS));
            };
            if (part == null) {
                throw ApiException.badRequest(blockField + ".type", "'" + type + "' blocks are not allowed in "
                        + role + " messages; expected one of " + (assistant ? ASSISTANT_BLOCKS : USER_BLOCKS));
            }
            if (part instanceof ContentPart.ToolResult) {
                flush(out, canonicalRole, pending);
                List<ContentPart> result = new ArrayList<>(2);
                result.add(part);
                addBreakpoint(result, block, blockField);
                out.add(new Message(Role.TOOL, result, null));
            } else {
                pending.add(part);
                if (!(part instanceof ContentPart.Thinking)) { // Anthropic takes no cache_control on thinking
                    addBreakpoint(pending, block, blockField);
                }
            }
        }
        flush(out, canonicalRole, pending);
        return out;
    }

    /** The block's cache_control, as a breakpoint right after its part. */
    private static void addBreakpoint(List<ContentPart> parts, JsonNode block, String field) {
        ContentPart.CacheBreakpoint breakpoint = CacheControls.read(block, field);
        if (breakpoint != null) {
            parts.add(breakpoint);
        }
    }

    private static void flush(List<Message> out, Role role, List<ContentPart> pending) {
        if (!pending.isEmpty()) {
            out.add(new Message(role, pending, null));
            pending.clear();
        }
    }

    private static ContentPart image(JsonNode block, String field) {
        JsonNode source = object(block.get("source"), field + ".source");
        String type = requiredText(source, "type", field + ".source.");
        return switch (type) {
            case "base64" -> new ContentPart.Image("data:" + requiredText(source, "media_type", field + ".source.")
                    + ";base64," + requiredText(source, "data", field + ".source."), null);
            case "url" -> new ContentPart.Image(requiredText(source, "url", field + ".source."), null);
            default -> throw ApiException.badRequest(field + ".source.type", "must be one of base64, url");
        };
    }

    private static ContentPart toolUse(JsonNode block, String field, Map<String, String> toolNames) {
        String id = requiredText(block, "id", field + ".");
        String name = requiredText(block, "name", field + ".");
        JsonNode input = block.get("input");
        if (!present(input) || !input.isObject()) {
            throw ApiException.badRequest(field + ".input", "must be an object");
        }
        toolNames.put(id, name);
        return new ContentPart.ToolUse(id, name, input.toString());
    }

    private static ContentPart toolResult(JsonNode block, String field, Map<String, String> toolNames) {
        String id = requiredText(block, "tool_use_id", field + ".");
        boolean isError = Boolean.TRUE.equals(optionalBoolean(block, "is_error", field + "."));
        JsonNode content = block.get("content");
        String text;
        if (!present(content)) {
            text = "";
        } else if (content.isTextual()) {
            text = content.asText();
        } else if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < content.size(); k++) {
                String partField = field + ".content[" + k + "]";
                JsonNode part = object(content.get(k), partField);
                if (!"text".equals(part.path("type").asText())) {
                    throw ApiException.badRequest(partField + ".type", "only text blocks are supported in tool results");
                }
                sb.append(requiredText(part, "text", partField + "."));
            }
            text = sb.toString();
        } else {
            throw ApiException.badRequest(field + ".content", "must be a string or an array of text blocks");
        }
        return new ContentPart.ToolResult(id, toolNames.get(id), text, isError);
    }

    /** The tools; those with cache_control go into {@code cached} (name → ttl, "" for the default). */
    private static List<Tool> tools(JsonNode tools, Map<String, String> cached) {
        if (!present(tools)) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw ApiException.badRequest("tools", "must be an array");
        }
        List<Tool> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String field = "tools[" + i + "]";
            JsonNode tool = object(tools.get(i), field);
            String type = optionalText(tool, "type", field + ".");
            if (type != null && !type.equals("custom")) {
                throw ApiException.badRequest(field + ".type", "unsupported tool type '" + type
                        + "'; only client tools (custom) are supported");
            }
            JsonNode schema = tool.get("input_schema");
            if (!present(schema) || !schema.isObject()) {
                throw ApiException.badRequest(field + ".input_schema", "must be an object");
            }
            String name = requiredText(tool, "name", field + ".");
            out.add(new Tool(name, optionalText(tool, "description", field + "."), schema, null));
            ContentPart.CacheBreakpoint breakpoint = CacheControls.read(tool, field);
            if (breakpoint != null) {
                cached.put(name, breakpoint.ttl() == null ? "" : breakpoint.ttl());
            }
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (!present(choice)) {
            return null;
        }
        JsonNode object = object(choice, "tool_choice");
        String type = requiredText(object, "type", "tool_choice.");
        return switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> ToolChoice.function(requiredText(object, "name", "tool_choice."));
            default -> throw ApiException.badRequest("tool_choice.type", "must be one of auto, any, tool, none");
        };
    }

    private static Reasoning thinking(JsonNode thinking) {
        if (!present(thinking)) {
            return null;
        }
        JsonNode object = object(thinking, "thinking");
        String type = requiredText(object, "type", "thinking.");
        return switch (type) {
            case "enabled" -> {
                int budget = requiredInt(object, "budget_tokens", "thinking.");
                if (budget < 1) {
                    throw ApiException.badRequest("thinking.budget_tokens", "must be at least 1");
                }
                yield new Reasoning(null, budget, null, true);
            }
            case "disabled" -> new Reasoning(null, null, null, false);
            default -> throw ApiException.badRequest("thinking.type", "must be one of enabled, disabled");
        };
    }

    private static List<String> stopSequences(JsonNode stop) {
        if (!present(stop)) {
            return List.of();
        }
        if (!stop.isArray()) {
            throw ApiException.badRequest("stop_sequences", "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw ApiException.badRequest("stop_sequences[" + i + "]", "must be a string");
            }
            out.add(stop.get(i).asText());
        }
        return out;
    }

    // --- typed field access, each failure naming the field ---

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static JsonNode object(JsonNode node, String field) {
        if (!present(node)) {
            throw ApiException.badRequest(field, "is required");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(field, "must be an object");
        }
        return node;
    }

    private static String requiredText(JsonNode parent, String name) {
        return requiredText(parent, name, "");
    }

    private static String requiredText(JsonNode parent, String name, String prefix) {
        String value = optionalText(parent, name, prefix);
        if (value == null) {
            throw ApiException.badRequest(prefix + name, "is required");
        }
        return value;
    }

    private static String optionalText(JsonNode parent, String name, String prefix) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(prefix + name, "must be a string");
        }
        return node.asText();
    }

    private static int requiredInt(JsonNode parent, String name) {
        return requiredInt(parent, name, "");
    }

    private static int requiredInt(JsonNode parent, String name, String prefix) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            throw ApiException.badRequest(prefix + name, "is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiException.badRequest(prefix + name, "must be an integer");
        }
        return node.intValue();
    }

    private static Boolean optionalBoolean(JsonNode parent, String name, String prefix) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest(prefix + name, "must be a boolean");
        }
        return node.booleanValue();
    }
}
