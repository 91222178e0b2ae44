package dev.switchboard.gateway.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.canonical.ChatRequest;
import dev.switchboard.gateway.canonical.ContentPart;
import dev.switchboard.gateway.canonical.Message;
import dev.switchboard.gateway.canonical.Reasoning;
import dev.switchboard.gateway.canonical.ResponseFormat;
import dev.switchboard.gateway.canonical.Role;
import dev.switchboard.gateway.canonical.Sampling;
import dev.switchboard.gateway.canonical.Tool;
import dev.switchboard.gateway.canonical.ToolChoice;
import dev.switchboard.gateway.providers.PreparedCall;
import dev.switchboard.gateway.providers.ProviderException;
import dev.switchboard.gateway.providers.ProviderTarget;
import dev.switchboard.gateway.wire.gemini.Blob;
import dev.switchboard.gateway.wire.gemini.Content;
import dev.switchboard.gateway.wire.gemini.FileData;
import dev.switchboard.gateway.wire.gemini.FunctionCall;
import dev.switchboard.gateway.wire.gemini.FunctionCallingConfig;
import dev.switchboard.gateway.wire.gemini.FunctionDeclaration;
import dev.switchboard.gateway.wire.gemini.FunctionResponse;
import dev.switchboard.gateway.wire.gemini.GeminiTool;
import dev.switchboard.gateway.wire.gemini.GenerateContentRequest;
import dev.switchboard.gateway.wire.gemini.GenerationConfig;
import dev.switchboard.gateway.wire.gemini.Part;
import dev.switchboard.gateway.wire.gemini.ThinkingConfig;
import dev.switchboard.gateway.wire.gemini.ToolConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Canonical request → {@code POST /v1beta/models/{model}:generateContent} (or {@code :streamGenerateContent?alt=sse}).
 * Pure: the same request and target always give the same call.
 * <ul>
 *   <li>System messages become {@code systemInstruction}; assistant turns are "model", tool results go in "user"
 *       turns as {@code functionResponse} parts; consecutive turns of one role are merged (Gemini wants all the
 *       responses to one turn's calls in one turn).</li>
 *   <li>A tool result answers by function name: the ToolResult's own, else the name of the latest earlier call with
 *       its id. Its text goes in {@code response.content}, or {@code response.error} for a failed call.</li>
 *   <li>Schemas (tool parameters, response schema) are cut down to what Gemini accepts, see {@link GeminiSchemas}.</li>
 *   <li>Reasoning becomes {@code thinkingConfig}: a token budget as requested, or by effort as Google's own
 *       OpenAI-compatible endpoint does (low 1024, medium 8192, high 24576; none 0); enabled alone is dynamic (-1).</li>
 *   <li>Not expressible, so dropped and listed: parallel_tool_calls, repetition_penalty and any pass-through
 *       extension; also anything the target does not list as supported.</li>
 * </ul>
 */
final class GeminiRequestMapper {

    static final Set<String> SUPPORTED = Set.of("tools", "tool_choice", "max_tokens", "stop", "reasoning",
            "response_format", "structured_outputs", "temperature", "top_p", "top_k", "seed", "presence_penalty",
            "frequency_penalty");

    private final ObjectMapper json;

    GeminiRequestMapper(ObjectMapper json) {
        this.json = json;
    }

    static String path(String upstreamModel, boolean stream) {
        return "/v1beta/models/" + upstreamModel + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }

    PreparedCall map(ChatRequest request, ProviderTarget target) {
        List<String> dropped = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (String parameter : request.parametersUsed()) {
            boolean allowed = target.supportedParameters().isEmpty() || target.supportedParameters().contains(parameter);
            if (SUPPORTED.contains(parameter) && allowed) {
                sent.add(parameter);
            } else {
                dropped.add(parameter);
            }
        }
        boolean withTools = sent.contains("tools");
        GenerateContentRequest body = new GenerateContentRequest(
                contents(request.messages()),
                systemInstruction(request.messages()),
                withTools ? List.of(new GeminiTool(request.tools().stream().map(GeminiRequestMapper::declaration).toList()))
                        : null,
                withTools && sent.contains("tool_choice") ? toolConfig(request.toolChoice()) : null,
                generationConfig(request, sent));

        Map<String, String> headers = new LinkedHashMap<>();
        if (target.apiKey() != null && !target.apiKey().isBlank()) { // keyless servers (local, test) get no auth header
            headers.put("x-goog-api-key", target.apiKey());
        }
        headers.put("content-type", "application/json");
        if (request.stream()) {
            headers.put("accept", "text/event-stream");
        }
        return new PreparedCall("POST", path(target.upstreamModel(), request.stream()), headers, write(body),
                request.stream(), dropped);
    }

    private byte[] write(GenerateContentRequest body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Gemini request", e);
        }
    }

    private static Content systemInstruction(List<Message> messages) {
        List<Part> parts = messages.stream().filter(m -> m.role() == Role.SYSTEM).map(Message::text)
                .filter(t -> !t.isEmpty()).map(GeminiRequestMapper::text).toList();
        return parts.isEmpty() ? null : new Content(null, parts);
    }

    private List<Content> contents(List<Message> messages) {
        Map<String, String> toolNames = new HashMap<>();
        List<Content> out = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "model" : "user";
            List<Part> parts = new ArrayList<>();
            // Gemini wants each thought signature back on the part it came with: a function call's names its call,
            // any other goes on the next part (the text it signed)
            Map<String, String> callSignatures = new HashMap<>();
            String pendingSignature = null;
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Thinking t) {
                    if (t.belongsTo(ContentPart.Thinking.GEMINI) && t.signature() != null) {
                        if (t.toolCallId() != null) {
                            callSignatures.put(t.toolCallId(), t.signature());
                        } else {
                            pendingSignature = t.signature();
                        }
                    }
                    continue;
                }
                if (part instanceof ContentPart.ToolUse use) {
                    toolNames.put(use.id(), use.name());
                }
                Part mapped = part(part, toolNames);
                if (mapped != null) {
                    String signature = part instanceof ContentPart.ToolUse use && callSignatures.containsKey(use.id())
                            ? callSignatures.remove(use.id()) : pendingSignature;
                    if (signature != null) {
                        if (signature == pendingSignature) {
                            pendingSignature = null;
                        }
                        mapped = signed(mapped, signature);
                    }
                    parts.add(mapped);
                }
            }
            if (pendingSignature != null && !parts.isEmpty() && parts.getLast().thoughtSignature() == null) {
                parts.set(parts.size() - 1, signed(parts.getLast(), pendingSignature));
            }
            if (parts.isEmpty()) {
                continue;
            }
            Content last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.role().equals(role)) {
                List<Part> merged = new ArrayList<>(last.parts());
                merged.addAll(parts);
                out.set(out.size() - 1, new Content(role, merged));
            } else {
                out.add(new Content(role, parts));
            }
        }
        return out;
    }

    private static Part signed(Part part, String signature) {
        return new Part(part.text(), part.thought(), signature, part.inlineData(), part.fileData(), part.functionCall(),
                part.functionResponse());
    }

    private Part part(ContentPart part, Map<String, String> toolNames) {
        return switch (part) {
            case ContentPart.Text t -> t.text().isEmpty() ? null : text(t.text());
            case ContentPart.Image i -> i.isDataUrl()
                    ? new Part(null, null, null, new Blob(i.mediaType(), i.base64Data()), null, null, null)
                    : new Part(null, null, null, null, new FileData(mimeTypeOf(i.url()), i.url()), null, null);
            case ContentPart.ToolUse u -> new Part(null, null, null, null, null,
                    new FunctionCall(null, u.name(), arguments(u)), null);
            case ContentPart.ToolResult r -> new Part(null, null, null, null, null, null,
                    new FunctionResponse(toolName(r, toolNames), json.createObjectNode()
                            .put(r.isError() ? "error" : "content", r.content() == null ? "" : r.content())));
            case ContentPart.Thinking ignored -> null; // signatures are put on their parts by contents()
            case ContentPart.CacheBreakpoint ignored -> null; // Gemini caches repeated prefixes on its own
        };
    }

    private static Part text(String text) {
        return new Part(text, null, null, null, null, null, null);
    }

    private static String toolName(ContentPart.ToolResult result, Map<String, String> toolNames) {
        if (result.toolName() != null && !result.toolName().isEmpty()) {
            return result.toolName();
        }
        String name = toolNames.get(result.toolUseId());
        if (name == null) {
            throw new ProviderException(ProviderException.Kind.INVALID_REQUEST, 0, null, "the tool result for call "
                    + result.toolUseId() + " names no function and answers no earlier tool call", null);
        }
        return name;
    }

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

    /** The image type a URL's extension names, or null (Gemini then works it out). */
    static String mimeTypeOf(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int query = path.indexOf('?');
        path = query >= 0 ? path.substring(0, query) : path;
        if (path.endsWith(".png")) {
            return "image/png";
        } else if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return "image/jpeg";
        } else if (path.endsWith(".webp")) {
            return "image/webp";
        } else if (path.endsWith(".gif")) {
            return "image/gif";
        } else if (path.endsWith(".heic")) {
            return "image/heic";
        } else if (path.endsWith(".heif")) {
            return "image/heif";
        }
        return null;
    }

    private static FunctionDeclaration declaration(Tool tool) {
        return new FunctionDeclaration(tool.name(), tool.description(), GeminiSchemas.sanitize(tool.parameters()));
    }

    private static ToolConfig toolConfig(ToolChoice choice) {
        if (choice == null) {
            return null;
        }
        return new ToolConfig(switch (choice.mode()) {
            case AUTO -> new FunctionCallingConfig("AUTO", null);
            case NONE -> new FunctionCallingConfig("NONE", null);
            case REQUIRED -> new FunctionCallingConfig("ANY", null);
            case FUNCTION -> new FunctionCallingConfig("ANY", List.of(choice.functionName()));
        });
    }

    private static GenerationConfig generationConfig(ChatRequest request, Set<String> sent) {
        Sampling s = request.sampling();
        ResponseFormat format = request.responseFormat();
        boolean jsonOutput = format != null && (sent.contains("response_format") || sent.contains("structured_outputs"));
        GenerationConfig config = new GenerationConfig(
                sent.contains("stop") ? request.stop() : null,
                jsonOutput ? "application/json" : null,
                jsonOutput && format.type() == ResponseFormat.Type.JSON_SCHEMA ? GeminiSchemas.sanitize(format.schema()) : null,
                sent.contains("max_tokens") ? request.maxTokens() : null,
                sent.contains("temperature") ? s.temperature() : null,
                sent.contains("top_p") ? s.topP() : null,
                sent.contains("top_k") ? s.topK() : null,
                sent.contains("seed") ? s.seed() : null,
                sent.contains("presence_penalty") ? s.presencePenalty() : null,
                sent.contains("frequency_penalty") ? s.frequencyPenalty() : null,
                sent.contains("reasoning") ? thinking(request.reasoning()) : null);
        return config.equals(new GenerationConfig(null, null, null, null, null, null, null, null, null, null, null))
                ? null : config;
    }

    static ThinkingConfig thinking(Reasoning reasoning) {
        if (reasoning == null) {
            return null;
        }
        if (Boolean.FALSE.equals(reasoning.enabled()) || "none".equals(reasoning.effort())) {
            return new ThinkingConfig(0, null);
        }
        int budget;
        if (reasoning.maxTokens() != null) {
            budget = reasoning.maxTokens();
        } else if (reasoning.effort() != null) {
            budget = switch (reasoning.effort()) {
                case "minimal", "low" -> 1024;
                case "high" -> 24576;
                default -> 8192;
            };
        } else {
            budget = -1;
        }
        return new ThinkingConfig(budget, Boolean.TRUE.equals(reasoning.exclude()) ? null : Boolean.TRUE);
    }
}
