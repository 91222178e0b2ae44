package dev.switchboard.gateway.canonical;

import java.util.List;
import java.util.Map;

/**
 * A chat request in the gateway's one canonical model, whatever wire format it arrived in and whatever
 * format the provider speaks. Immutable: adapters map it without changing it, so a retry or a fallback can
 * map it again.
 *
 * @param model          the model as the client named it ("author/slug"); adapters use the target's upstream id instead
 * @param messages       the conversation, system messages included (role SYSTEM), in order
 * @param tools          tools the model may call; empty when none
 * @param toolChoice     null = provider default (auto when tools are given)
 * @param sampling       sampling parameters; fields are null when the client did not set them
 * @param maxTokens      the requested maximum output tokens, null when not set
 * @param stop           stop sequences; empty when none
 * @param responseFormat null = plain text
 * @param reasoning      null = provider default
 * @param stream         whether the client asked for a stream
 * @param user           the client's end-user id, passed on where the provider supports it
 * @param parallelToolCalls null when not set
 * @param extensions     true pass-through values keyed by parameter name (e.g. "logit_bias"), kept small and typed where possible
 */
public record ChatRequest(
        String model,
        List<Message> messages,
        List<Tool> tools,
        ToolChoice toolChoice,
        Sampling sampling,
        Integer maxTokens,
        List<String> stop,
        ResponseFormat responseFormat,
        Reasoning reasoning,
        boolean stream,
        String user,
        Boolean parallelToolCalls,
        Map<String, Object> extensions) {

    /**
     * The extension holding the Anthropic betas a {@code /messages} client asked for ({@code List<String>}): an
     * Anthropic upstream gets them as its {@code anthropic-beta} header; other formats drop the parameter.
     */
    public static final String ANTHROPIC_BETA = "anthropic_beta";
    /**
     * The parameter name of prompt-cache breakpoints: used when a message holds a {@link ContentPart.CacheBreakpoint};
     * as an extension, the tools marked for caching ({@code Map<String, String>}: tool name → ttl, "" for the default).
     */
    public static final String CACHE_CONTROL = "cache_control";

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stop = stop == null ? List.of() : List.copyOf(stop);
        sampling = sampling == null ? Sampling.NONE : sampling;
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** The same request with another maximum of output tokens. */
    public ChatRequest withMaxTokens(Integer otherMaxTokens) {
        return new ChatRequest(model, messages, tools, toolChoice, sampling, otherMaxTokens, stop, responseFormat, reasoning,
                stream, user, parallelToolCalls, extensions);
    }

    private boolean hasCacheBreakpoint() {
        for (Message message : messages) {
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.CacheBreakpoint) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The same request with one more pass-through value (see {@code extensions}). */
    public ChatRequest withExtension(String name, Object value) {
        Map<String, Object> more = new java.util.HashMap<>(extensions);
        more.put(name, value);
        return new ChatRequest(model, messages, tools, toolChoice, sampling, maxTokens, stop, responseFormat, reasoning,
                stream, user, parallelToolCalls, more);
    }

    /** The names of the OpenAI-style parameters this request sets, for capability checks ("tools", "temperature", …). */
    public java.util.Set<String> parametersUsed() {
        java.util.Set<String> used = new java.util.LinkedHashSet<>();
        if (!tools.isEmpty()) {
            used.add("tools");
        }
        if (toolChoice != null) {
            used.add("tool_choice");
        }
        if (maxTokens != null) {
            used.add("max_tokens");
        }
        if (!stop.isEmpty()) {
            used.add("stop");
        }
        if (responseFormat != null && responseFormat.type() != ResponseFormat.Type.TEXT) {
            used.add(responseFormat.type() == ResponseFormat.Type.JSON_SCHEMA ? "structured_outputs" : "response_format");
        }
        if (reasoning != null) {
            used.add("reasoning");
        }
        if (parallelToolCalls != null) {
            used.add("parallel_tool_calls");
        }
        used.addAll(sampling.parametersUsed());
        used.addAll(extensions.keySet());
        if (!used.contains(CACHE_CONTROL) && hasCacheBreakpoint()) {
            used.add(CACHE_CONTROL);
        }
        return used;
    }
}
