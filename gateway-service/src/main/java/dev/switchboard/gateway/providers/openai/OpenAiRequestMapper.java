package dev.switchboard.gateway.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.ResponseFormat;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Sampling;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.wire.openai.ChatCompletionRequest;
import dev.switchboard.gateway.wire.openai.ChatContentPart;
import dev.switchboard.gateway.wire.openai.ChatMessage;
import dev.switchboard.gateway.wire.openai.ChatTool;
import dev.switchboard.gateway.wire.openai.FunctionCall;
import dev.switchboard.gateway.wire.openai.FunctionDefinition;
import dev.switchboard.gateway.wire.openai.ImageUrl;
import dev.switchboard.gateway.wire.openai.JsonSchemaParam;
import dev.switchboard.gateway.wire.openai.NamedToolChoice;
import dev.switchboard.gateway.wire.openai.ResponseFormatParam;
import dev.switchboard.gateway.wire.openai.StreamOptions;
import dev.switchboard.gateway.wire.openai.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Canonical request → {@code POST /chat/completions} body, path and headers. Pure and deterministic.
 * <ul>
 *   <li>A parameter the target's {@code supportedParameters} lacks is left out and listed as dropped; so are
 *       {@code tool_choice} and {@code parallel_tool_calls} when no tools are sent (providers reject them then).</li>
 *   <li>Streams always ask for {@code stream_options.include_usage}, so usage is never lost.</li>
 *   <li>Tool results become {@code tool} messages (one per result), tool calls an assistant's {@code tool_calls}.</li>
 *   <li>Reasoning is sent as {@code reasoning_effort} (a token budget has no OpenAI equivalent).</li>
 *   <li>Extensions {@code logit_bias}, {@code logprobs}, {@code top_logprobs} pass through; any other
 *       extension is dropped and listed.</li>
 * </ul>
 */
final class OpenAiRequestMapper {

    static final String CHAT_PATH = "/chat/completions";
    private static final Set<String> TOOL_DEPENDENT = Set.of("tool_choice", "parallel_tool_calls");
    private static final Set<String> EXTENSIONS = Set.of("logit_bias", "logprobs", "top_logprobs");

    private final ObjectMapper json;

    OpenAiRequestMapper(ObjectMapper json) {
        this.json = json;
    }

    PreparedCall map(ChatRequest request, ProviderTarget target) {
        Set<String> supported = target.supportedParameters();
        Set<String> used = request.parametersUsed();
        List<String> dropped = new ArrayList<>();
        for (String parameter : used) {
            boolean toolDependentWithoutTools = TOOL_DEPENDENT.contains(parameter)
                    && (request.tools().isEmpty() || dropped.contains("tools"));
            boolean unknownExtension = request.extensions().containsKey(parameter) && !EXTENSIONS.contains(parameter);
            if (!supported.contains(parameter) || toolDependentWithoutTools || unknownExtension) {
                dropped.add(parameter);
            }
        }
        Set<String> kept = new HashSet<>(used);
        dropped.forEach(kept::remove);

        Sampling s = request.sampling();
        Map<String, Object> ext = request.extensions();
        ChatCompletionRequest body = new ChatCompletionRequest(
                target.upstreamModel(),
                messages(request.messages()),
                kept.contains("tools") ? tools(request.tools()) : null,
                kept.contains("tool_choice") ? toolChoice(request.toolChoice()) : null,
                keep(kept, "temperature", s.temperature()),
                keep(kept, "top_p", s.topP()),
                keep(kept, "top_k", s.topK()),
                keep(kept, "max_tokens", request.maxTokens()),
                kept.contains("stop") ? request.stop() : null,
                keep(kept, "seed", s.seed()),
                keep(kept, "frequency_penalty", s.frequencyPenalty()),
                keep(kept, "presence_penalty", s.presencePenalty()),
                keep(kept, "repetition_penalty", s.repetitionPenalty()),
                kept.contains("response_format") || kept.contains("structured_outputs")
                        ? responseFormat(request.responseFormat()) : null,
                kept.contains("reasoning") && request.reasoning() != null ? request.reasoning().effort() : null,
                keep(kept, "logit_bias", ext.get("logit_bias")),
                keep(kept, "logprobs", ext.get("logprobs") instanceof Boolean b ? b : null),
                keep(kept, "top_logprobs", ext.get("top_logprobs") instanceof Number n ? n.intValue() : null),
                keep(kept, "parallel_tool_calls", request.parallelToolCalls()),
                request.user(),
                request.stream() ? Boolean.TRUE : null,
                request.stream() ? new StreamOptions(true) : null);

        return new PreparedCall("POST", CHAT_PATH, headers(target, request.stream()), write(body), request.stream(), dropped);
    }

    static Map<String, String> headers(ProviderTarget target, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        // Local servers (Ollama, llama.cpp, vLLM) may run without a key.
        if (target.apiKey() != null && !target.apiKey().isBlank()) {
            headers.put("Authorization", "Bearer " + target.apiKey());
        }
        return headers;
    }

    byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an OpenAI request body", e);
        }
    }

    private static <T> T keep(Set<String> kept, String parameter, T value) {
        return kept.contains(parameter) ? value : null;
    }

    private static List<ChatMessage> messages(List<Message> messages) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (Message message : messages) {
            List<ContentPart> rest = new ArrayList<>();
            List<ToolCall> toolCalls = new ArrayList<>();
            for (ContentPart part : message.content()) {
                switch (part) {
                    case ContentPart.ToolResult r -> out.add(new ChatMessage("tool", r.content(), null, null, r.toolUseId()));
                    case ContentPart.ToolUse u -> toolCalls.add(
                            new ToolCall(null, u.id(), "function", new FunctionCall(u.name(), u.argumentsJson())));
                    // signed reasoning is the provider's that made it, and OpenAI-format servers cache on their own
                    case ContentPart.Thinking ignored -> { }
                    case ContentPart.CacheBreakpoint ignored -> { }
                    default -> rest.add(part);
                }
            }
            if (rest.isEmpty() && toolCalls.isEmpty()) {
                continue;
            }
            String role = switch (message.role()) {
                case SYSTEM -> "system";
                case USER, TOOL -> "user";
                case ASSISTANT -> "assistant";
            };
            out.add(new ChatMessage(role, content(rest, message.role() == Role.USER),
                    message.name(), toolCalls.isEmpty() ? null : toolCalls, null));
        }
        return out;
    }

    /** A plain string when the content is text only; a list of parts when it holds images (user messages). */
    private static Object content(List<ContentPart> parts, boolean allowParts) {
        if (parts.isEmpty()) {
            return null;
        }
        boolean textOnly = parts.stream().allMatch(ContentPart.Text.class::isInstance);
        if (textOnly || !allowParts) {
            StringBuilder text = new StringBuilder();
            parts.forEach(p -> {
                if (p instanceof ContentPart.Text t) {
                    text.append(t.text());
                }
            });
            return text.toString();
        }
        List<ChatContentPart> out = new ArrayList<>(parts.size());
        for (ContentPart part : parts) {
            if (part instanceof ContentPart.Text t) {
                out.add(new ChatContentPart("text", t.text(), null));
            } else if (part instanceof ContentPart.Image i) {
                out.add(new ChatContentPart("image_url", null, new ImageUrl(i.url(), i.detail())));
            }
        }
        return out;
    }

    private static List<ChatTool> tools(List<Tool> tools) {
        return tools.stream()
                .map(t -> new ChatTool("function", new FunctionDefinition(t.name(), t.description(), t.parameters(), t.strict())))
                .toList();
    }

    private static Object toolChoice(ToolChoice choice) {
        if (choice == null) {
            return null;
        }
        return switch (choice.mode()) {
            case FUNCTION -> new NamedToolChoice("function", new NamedToolChoice.FunctionName(choice.functionName()));
            default -> choice.mode().name().toLowerCase(Locale.ROOT);
        };
    }

    private static ResponseFormatParam responseFormat(ResponseFormat format) {
        if (format == null) {
            return null;
        }
        return switch (format.type()) {
            case TEXT -> null;
            case JSON_OBJECT -> new ResponseFormatParam("json_object", null);
            case JSON_SCHEMA -> new ResponseFormatParam("json_schema",
                    new JsonSchemaParam(format.name(), null, format.schema(), format.strict()));
        };
    }
}
