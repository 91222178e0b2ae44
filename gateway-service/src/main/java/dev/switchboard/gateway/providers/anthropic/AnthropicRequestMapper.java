package dev.switchboard.gateway.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Reasoning;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.wire.anthropic.CacheControl;
import dev.switchboard.gateway.wire.anthropic.ContentBlock;
import dev.switchboard.gateway.wire.anthropic.ImageSource;
import dev.switchboard.gateway.wire.anthropic.MessageParam;
import dev.switchboard.gateway.wire.anthropic.MessagesRequest;
import dev.switchboard.gateway.wire.anthropic.RequestMetadata;
import dev.switchboard.gateway.wire.anthropic.ThinkingParam;
import dev.switchboard.gateway.wire.anthropic.ToolChoiceParam;
import dev.switchboard.gateway.wire.anthropic.ToolDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Canonical request → {@code POST /v1/messages}. Pure: the same request and target always give the same call.
 * <ul>
 *   <li>System messages, wherever they stand, become the top-level {@code system} string (joined by a blank line).</li>
 *   <li>Tool results go in user turns as {@code tool_result} blocks; consecutive turns of one role are merged;
 *       empty text parts (OpenAI's {@code content: ""} beside tool calls) are left out.</li>
 *   <li>{@code max_tokens} is required by Anthropic: the request's, else the endpoint's maximum output. Routing
 *       (the planner's {@code Candidate}) gives a request without either the gateway's one default, so a request
 *       with neither is a bug, refused here rather than guessed.</li>
 *   <li>Reasoning becomes {@code thinking} with a budget: the requested token budget, or a share of max_tokens by
 *       effort (low 20 %, medium 50 %, high 80 %), kept within Anthropic's rule 1024 ≤ budget &lt; max_tokens.
 *       Anthropic refuses thinking beside a forced tool choice (then reasoning is dropped) and beside a changed
 *       temperature, top_k or a top_p below 0.95 (then those are dropped).</li>
 *   <li>Not expressible, so dropped and listed: penalties, seed, response_format (JSON mode and schemas) and
 *       any pass-through extension; also anything the target does not list as supported.</li>
 * </ul>
 */
final class AnthropicRequestMapper {

    static final String PATH = "/v1/messages";
    static final String API_VERSION = "2023-06-01";
    static final int MIN_THINKING_BUDGET = 1024;

    /** The OpenAI-style parameters the Messages API can express. */
    private static final Set<String> ALWAYS_SENT = Set.of("max_tokens", ChatRequest.ANTHROPIC_BETA, ChatRequest.CACHE_CONTROL);
    static final Set<String> SUPPORTED = Set.of(ChatRequest.ANTHROPIC_BETA, ChatRequest.CACHE_CONTROL, "tools", "tool_choice", "max_tokens", "stop", "reasoning",
            "parallel_tool_calls", "temperature", "top_p", "top_k");

    private final ObjectMapper json;

    AnthropicRequestMapper(ObjectMapper json) {
        this.json = json;
    }

    PreparedCall map(ChatRequest request, ProviderTarget target) {
        List<String> dropped = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (String parameter : request.parametersUsed()) {
            boolean allowed = target.supportedParameters().isEmpty() || target.supportedParameters().contains(parameter);
            // max_tokens is Anthropic's to require, anthropic_beta and cache_control its own: none waits for the catalog
            if (SUPPORTED.contains(parameter) && (allowed || ALWAYS_SENT.contains(parameter))) {
                sent.add(parameter);
            } else {
                dropped.add(parameter);
            }
        }

        if (request.maxTokens() == null && target.maxOutput() == null) {
            throw new IllegalArgumentException("max_tokens is required by Anthropic: routing must set it for an endpoint without a maximum");
        }
        int maxTokens = request.maxTokens() != null ? request.maxTokens() : target.maxOutput();
        var s = request.sampling();
        ThinkingParam thinking = sent.contains("reasoning") ? thinking(request.reasoning(), maxTokens) : null;
        boolean forcedTool = sent.contains("tools") && sent.contains("tool_choice")
                && (request.toolChoice().mode() == ToolChoice.Mode.REQUIRED
                        || request.toolChoice().mode() == ToolChoice.Mode.FUNCTION);
        if (sent.contains("reasoning") && wantsThinking(request.reasoning()) && (thinking == null || forcedTool)) {
            thinking = null;
            drop("reasoning", sent, dropped);
        }
        if (thinking != null) {
            // Anthropic refuses thinking beside a changed temperature or top_k, or a top_p below 0.95
            if (s.temperature() != null && s.temperature() != 1.0) {
                drop("temperature", sent, dropped);
            }
            drop("top_k", sent, dropped);
            if (s.topP() != null && s.topP() < 0.95) {
                drop("top_p", sent, dropped);
            }
        }
        boolean withTools = sent.contains("tools");
        MessagesRequest body = new MessagesRequest(
                target.upstreamModel(),
                maxTokens,
                system(request.messages(), sent.contains(ChatRequest.CACHE_CONTROL)),
                messages(request.messages(), sent.contains(ChatRequest.CACHE_CONTROL)),
                withTools ? tools(request, sent.contains(ChatRequest.CACHE_CONTROL)) : null,
                withTools ? toolChoice(request, sent) : null,
                sent.contains("stop") ? request.stop() : null,
                sent.contains("temperature") ? s.temperature() : null,
                sent.contains("top_p") ? s.topP() : null,
                sent.contains("top_k") ? s.topK() : null,
                thinking,
                request.user() != null ? new RequestMetadata(request.user()) : null,
                request.stream() ? Boolean.TRUE : null);

        Map<String, String> headers = new LinkedHashMap<>();
        if (target.apiKey() != null && !target.apiKey().isBlank()) { // keyless servers (local, test) get no auth header
            headers.put("x-api-key", target.apiKey());
        }
        headers.put("anthropic-version", API_VERSION);
        if (sent.contains(ChatRequest.ANTHROPIC_BETA) && request.extensions().get(ChatRequest.ANTHROPIC_BETA) instanceof List<?> betas) {
            headers.put("anthropic-beta", String.join(",", betas.stream().map(String::valueOf).toList()));
        }
        headers.put("content-type", "application/json");
        if (request.stream()) {
            headers.put("accept", "text/event-stream");
        }
        return new PreparedCall("POST", PATH, headers, write(body), request.stream(), dropped);
    }

    private static void drop(String parameter, Set<String> sent, List<String> dropped) {
        if (sent.remove(parameter)) {
            dropped.add(parameter);
        }
    }

    private byte[] write(MessagesRequest body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Anthropic request", e);
        }
    }

    /**
     * The system messages' text: one string, joined; or, when caching and a system part is followed by a
     * breakpoint, its text blocks, each marked block with its cache_control.
     */
    private static Object system(List<Message> messages, boolean caching) {
        List<Message> system = messages.stream().filter(m -> m.role() == Role.SYSTEM).toList();
        boolean marked = caching && system.stream().anyMatch(m -> m.content().stream().anyMatch(ContentPart.CacheBreakpoint.class::isInstance));
        if (!marked) {
            List<String> texts = system.stream().map(Message::text).filter(t -> !t.isEmpty()).toList();
            return texts.isEmpty() ? null : String.join("\n\n", texts);
        }
        List<ContentBlock> blocks = new ArrayList<>();
        for (Message message : system) {
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Text t && !t.text().isEmpty()) {
                    blocks.add(new ContentBlock.Text(t.text()));
                } else if (part instanceof ContentPart.CacheBreakpoint b && !blocks.isEmpty()) {
                    blocks.set(blocks.size() - 1, cached(blocks.getLast(), b));
                }
            }
        }
        return blocks;
    }

    private List<MessageParam> messages(List<Message> messages, boolean caching) {
        List<MessageParam> out = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            List<ContentBlock> blocks = new ArrayList<>();
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.CacheBreakpoint breakpoint) {
                    if (caching) {
                        markLast(blocks, out, breakpoint);
                    }
                    continue;
                }
                ContentBlock block = block(part);
                if (block != null) {
                    blocks.add(block);
                }
            }
            if (blocks.isEmpty()) {
                continue;
            }
            MessageParam last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.role().equals(role)) {
                List<ContentBlock> merged = new ArrayList<>(last.content());
                merged.addAll(blocks);
                out.set(out.size() - 1, new MessageParam(role, merged));
            } else {
                out.add(new MessageParam(role, blocks));
            }
        }
        return out;
    }

    /** A breakpoint marks the block before it: in this message, else the last block of the messages so far. */
    private static void markLast(List<ContentBlock> blocks, List<MessageParam> out, ContentPart.CacheBreakpoint breakpoint) {
        if (!blocks.isEmpty()) {
            blocks.set(blocks.size() - 1, cached(blocks.getLast(), breakpoint));
        } else if (!out.isEmpty() && !out.getLast().content().isEmpty()) {
            MessageParam last = out.getLast();
            List<ContentBlock> content = new ArrayList<>(last.content());
            content.set(content.size() - 1, cached(content.getLast(), breakpoint));
            out.set(out.size() - 1, new MessageParam(last.role(), content));
        }
    }

    /** The block with {@code cache_control}; thinking blocks cannot carry one, so they stay as they are. */
    private static ContentBlock cached(ContentBlock block, ContentPart.CacheBreakpoint breakpoint) {
        CacheControl control = CacheControl.ephemeral(breakpoint.ttl());
        return switch (block) {
            case ContentBlock.Text t -> new ContentBlock.Text(t.text(), control);
            case ContentBlock.Image i -> new ContentBlock.Image(i.source(), control);
            case ContentBlock.ToolUse u -> new ContentBlock.ToolUse(u.id(), u.name(), u.input(), control);
            case ContentBlock.ToolResult r -> new ContentBlock.ToolResult(r.toolUseId(), r.content(), r.isError(), control);
            default -> block;
        };
    }

    private ContentBlock block(ContentPart part) {
        return switch (part) {
            case ContentPart.Text t -> t.text().isEmpty() ? null : new ContentBlock.Text(t.text());
            case ContentPart.Image i -> new ContentBlock.Image(i.isDataUrl()
                    ? new ImageSource("base64", i.mediaType(), i.base64Data(), null)
                    : new ImageSource("url", null, null, i.url()));
            case ContentPart.ToolUse u -> new ContentBlock.ToolUse(u.id(), u.name(), arguments(u));
            case ContentPart.ToolResult r -> new ContentBlock.ToolResult(r.toolUseId(), r.content(),
                    r.isError() ? Boolean.TRUE : null);
            // Anthropic takes back only its own signed thinking (it checks the signature); any other reasoning is
            // left out, as Anthropic would refuse it
            case ContentPart.Thinking t when t.belongsTo(ContentPart.Thinking.ANTHROPIC) -> t.data() != null
                    ? new ContentBlock.RedactedThinking(t.data())
                    : new ContentBlock.Thinking(t.text() == null ? "" : t.text(), t.signature());
            case ContentPart.Thinking ignored -> null;
            case ContentPart.CacheBreakpoint ignored -> null; // put on the block before it by messages()
        };
    }

    /** A tool call's arguments as the JSON object Anthropic wants; blank arguments are an empty object. */
    private JsonNode arguments(ContentPart.ToolUse use) {
        String text = use.argumentsJson();
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new ProviderException(ProviderException.Kind.INVALID_REQUEST, 0, null,
                "the arguments of tool call " + use.id() + " are not a JSON object", null);
    }

    /** The tools; those the client marked for caching (the cache_control extension: name → ttl) carry cache_control. */
    private static List<ToolDefinition> tools(ChatRequest request, boolean caching) {
        Map<?, ?> cached = caching && request.extensions().get(ChatRequest.CACHE_CONTROL) instanceof Map<?, ?> m ? m : Map.of();
        List<ToolDefinition> out = new ArrayList<>(request.tools().size());
        for (Tool tool : request.tools()) {
            JsonNode schema = tool.parameters();
            if (schema == null) {
                ObjectNode empty = JsonNodeFactory.instance.objectNode().put("type", "object");
                empty.putObject("properties");
                schema = empty;
            }
            Object ttl = cached.get(tool.name());
            out.add(new ToolDefinition(tool.name(), tool.description(), schema,
                    ttl == null ? null : CacheControl.ephemeral(ttl.toString())));
        }
        return out;
    }

    private static ToolChoiceParam toolChoice(ChatRequest request, Set<String> sent) {
        ToolChoice choice = sent.contains("tool_choice") ? request.toolChoice() : null;
        Boolean disableParallel = sent.contains("parallel_tool_calls") && Boolean.FALSE.equals(request.parallelToolCalls())
                ? Boolean.TRUE : null;
        if (choice == null) {
            return disableParallel == null ? null : new ToolChoiceParam("auto", null, disableParallel);
        }
        return switch (choice.mode()) {
            case AUTO -> new ToolChoiceParam("auto", null, disableParallel);
            case REQUIRED -> new ToolChoiceParam("any", null, disableParallel);
            case FUNCTION -> new ToolChoiceParam("tool", choice.functionName(), disableParallel);
            case NONE -> new ToolChoiceParam("none", null, null);
        };
    }

    private static boolean wantsThinking(Reasoning reasoning) {
        return reasoning != null && !Boolean.FALSE.equals(reasoning.enabled()) && !"none".equals(reasoning.effort());
    }

    /** The thinking budget for {@code reasoning}, or null when thinking stays off or cannot fit below max_tokens. */
    static ThinkingParam thinking(Reasoning reasoning, int maxTokens) {
        if (!wantsThinking(reasoning)) {
            return null;
        }
        int budget;
        if (reasoning.maxTokens() != null) {
            budget = reasoning.maxTokens();
        } else {
            double share = switch (reasoning.effort() == null ? "medium" : reasoning.effort()) {
                case "minimal" -> 0.1;
                case "low" -> 0.2;
                case "high" -> 0.8;
                default -> 0.5;
            };
            budget = (int) (maxTokens * share);
        }
        budget = Math.min(Math.max(budget, MIN_THINKING_BUDGET), maxTokens - 1);
        return budget < MIN_THINKING_BUDGET ? null : new ThinkingParam("enabled", budget);
    }
}
