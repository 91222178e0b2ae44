package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.providers.Conversation.Role;
import dev.switchboard.testkit.providers.SseWriter.Event;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Anthropic Messages format: {@code POST /anthropic/v1/messages}, with the {@code x-api-key} and
 * {@code anthropic-version} headers checked (key first), the real SSE event sequence and Anthropic's error bodies
 * with a {@code request-id} header on every response.
 */
final class AnthropicFakeHandler implements FakeProviderServer.Handler {

    private static final String SSE_TYPE = "text/event-stream; charset=utf-8";

    @Override
    public void handle(Exchange exchange, Buffer body) {
        String path = exchange.request.path().substring("/anthropic".length());
        JsonNode json = null;
        if (exchange.request.method() == HttpMethod.POST) {
            try {
                json = FakeJson.parseObject(body.getBytes());
            } catch (IOException e) {
                json = null;
            }
        }
        exchange.record(json == null ? null : json.path("model").asText(null),
                json != null && json.path("stream").asBoolean(false), body);
        String requestId = "req_" + exchange.nextId();
        exchange.header("request-id", requestId);
        String key = exchange.request.getHeader("x-api-key");
        if (key == null || key.isBlank()) {
            sendError(exchange, 401, "authentication_error", "x-api-key header is required", requestId);
        } else if (key.equals("bad-key")) {
            sendError(exchange, 401, "authentication_error", "invalid x-api-key", requestId);
        } else if (exchange.request.getHeader("anthropic-version") == null) {
            sendError(exchange, 400, "invalid_request_error", "anthropic-version: header is required", requestId);
        } else if (exchange.request.method() != HttpMethod.POST || !path.equals("/v1/messages")) {
            sendError(exchange, 404, "not_found_error", "Not Found", requestId);
        } else if (json == null) {
            sendError(exchange, 400, "invalid_request_error", "The request body is not valid JSON.", requestId);
        } else {
            String missing = !json.path("model").isTextual() ? "model"
                    : !json.path("max_tokens").isNumber() ? "max_tokens"
                    : !json.path("messages").isArray() ? "messages" : null;
            if (missing != null) {
                sendError(exchange, 400, "invalid_request_error", missing + ": Field required", requestId);
            } else if (json.path("max_tokens").asInt() < 1) {
                sendError(exchange, 400, "invalid_request_error",
                        "max_tokens: Input should be greater than or equal to 1", requestId);
            } else if (thinkingProblem(json) != null) {
                sendError(exchange, 400, "invalid_request_error", thinkingProblem(json), requestId);
            } else {
                messages(exchange, json, requestId);
            }
        }
    }

    private static void messages(Exchange exchange, JsonNode json, String requestId) {
        Conversation conversation = conversation(json);
        String model = conversation.model;
        Directives directives = exchange.directives(model, conversation.directiveText());
        FakeReply reply = FakeReply.of(conversation, directives);
        String thinking = thinkingEnabled(json) ? thinkingText(reply) : null;
        Cache cache = Cache.of(json);
        int thinkingTokens = thinking == null ? 0 : FakeJson.words(thinking).size();
        exchange.respond(directives, () -> {
            if (directives.errorStatus() > 0) {
                sendStatusError(exchange, directives, model, requestId);
                return;
            }
            String suffix = exchange.nextId();
            if (json.path("stream").asBoolean(false)) {
                Event error = new Event("error", FakeJson.write(errorBody("overloaded_error", "Overloaded", null)),
                        false);
                SseWriter.stream(exchange, SSE_TYPE, SseWriter.Framing.SSE, events(suffix, model, reply, thinking, cache),
                        directives, error);
                return;
            }
            ObjectNode body = message(suffix, model);
            if (thinking != null) {
                body.withArray("content").addObject().put("type", "thinking").put("thinking", thinking)
                        .put("signature", FakeSignatures.overThinking(thinking));
            }
            if (reply.isToolCall()) {
                body.withArray("content").add(toolUse(suffix, reply).set("input", reply.toolCall.arguments()));
            } else {
                body.withArray("content").addObject().put("type", "text").put("text", reply.text());
            }
            body.put("stop_reason", stopReason(reply));
            body.put("stop_sequence", reply.stopSequence);
            if (reply.usageReported) {
                body.set("usage", usage(reply, cache, reply.completionTokens + thinkingTokens));
            }
            if (directives.malformed()) {
                exchange.sendMalformed(body);
            } else {
                exchange.sendJson(200, body);
            }
        });
    }

    static Conversation conversation(JsonNode json) {
        Conversation conversation = new Conversation(json.path("model").asText(""));
        JsonNode system = json.path("system");
        if (system.isTextual()) {
            conversation.system(system.textValue());
        } else {
            system.forEach(block -> conversation.system(block.path("text").asText(null)));
        }
        for (JsonNode message : json.path("messages")) {
            Conversation.Message target = conversation.add(
                    "assistant".equals(message.path("role").asText()) ? Role.ASSISTANT : Role.USER);
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                target.text(content.textValue());
                continue;
            }
            for (JsonNode block : content) {
                switch (block.path("type").asText()) {
                    case "text" -> target.text(block.path("text").asText());
                    case "image", "document" -> target.image();
                    case "tool_result" -> toolResult(target, block.path("content"));
                    default -> {
                    }
                }
            }
        }
        for (JsonNode tool : json.path("tools")) {
            if (tool.path("name").isTextual()) {
                conversation.tools.add(new Conversation.Tool(tool.path("name").textValue(), tool.get("input_schema")));
            }
        }
        JsonNode choice = json.path("tool_choice");
        conversation.toolChoiceNone = "none".equals(choice.path("type").asText());
        if ("tool".equals(choice.path("type").asText())) {
            conversation.forcedTool = choice.path("name").asText(null);
        }
        conversation.maxTokens = FakeJson.intOrNull(json.get("max_tokens"));
        conversation.stopSequences = FakeJson.strings(json.get("stop_sequences"));
        return conversation;
    }

    private static void toolResult(Conversation.Message target, JsonNode content) {
        if (content.isTextual()) {
            target.toolResult(content.textValue());
            return;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content) {
            if ("image".equals(block.path("type").asText())) {
                target.image();
            } else if (block.path("text").isTextual()) {
                texts.add(block.path("text").textValue());
            }
        }
        target.toolResult(String.join(" ", texts));
    }

    private static String stopReason(FakeReply reply) {
        return switch (reply.finish) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case STOP_SEQUENCE -> "stop_sequence";
        };
    }

    private static ObjectNode message(String suffix, String model) {
        ObjectNode body = FakeJson.object().put("id", "msg_" + suffix).put("type", "message").put("role", "assistant")
                .put("model", model);
        body.putArray("content");
        return body;
    }

    private static ObjectNode toolUse(String suffix, FakeReply reply) {
        return FakeJson.object().put("type", "tool_use").put("id", "toolu_" + suffix)
                .put("name", reply.toolCall.name());
    }

    private static ObjectNode usage(FakeReply reply, Cache cache, int outputTokens) {
        int read = cache.marked() ? cache.read() : reply.cachedTokens;
        int written = cache.marked() ? cache.written() : 0;
        return FakeJson.object().put("input_tokens", reply.promptTokens - read - written)
                .put("cache_creation_input_tokens", written).put("cache_read_input_tokens", read)
                .put("output_tokens", outputTokens);
    }

    private static final Set<String> CACHED_PREFIXES = ConcurrentHashMap.newKeySet();

    /**
     * Anthropic's prompt cache, as far as billing sees it: the prompt up to the last block marked with
     * {@code cache_control} (system blocks, then messages, in order) is written to the cache the first time
     * (cache_creation_input_tokens) and read from it when the same prefix comes again (cache_read_input_tokens);
     * the rest is input_tokens. The prefix's tokens are counted as the fake counts any prompt. It never expires.
     */
    record Cache(boolean marked, int read, int written) {

        static Cache of(JsonNode json) {
            ObjectNode prefix = (ObjectNode) json.deepCopy();
            JsonNode messages = json.path("messages");
            int lastMessage = -1;
            int lastBlock = -1;
            for (int i = 0; i < messages.size(); i++) {
                JsonNode content = messages.get(i).path("content");
                for (int j = 0; j < content.size(); j++) {
                    if (content.get(j).has("cache_control")) {
                        lastMessage = i;
                        lastBlock = j;
                    }
                }
            }
            com.fasterxml.jackson.databind.node.ArrayNode cut = prefix.putArray("messages");
            if (lastMessage >= 0) {
                for (int i = 0; i <= lastMessage; i++) {
                    ObjectNode message = (ObjectNode) messages.get(i).deepCopy();
                    if (i == lastMessage) {
                        com.fasterxml.jackson.databind.node.ArrayNode blocks = message.putArray("content");
                        for (int j = 0; j <= lastBlock; j++) {
                            blocks.add(messages.get(i).path("content").get(j));
                        }
                    }
                    cut.add(message);
                }
            } else {
                JsonNode system = json.path("system");
                int lastSystem = -1;
                for (int j = 0; j < system.size(); j++) {
                    if (system.get(j).has("cache_control")) {
                        lastSystem = j;
                    }
                }
                if (lastSystem < 0) {
                    return new Cache(false, 0, 0);
                }
                com.fasterxml.jackson.databind.node.ArrayNode blocks = prefix.putArray("system");
                for (int j = 0; j <= lastSystem; j++) {
                    blocks.add(system.get(j));
                }
            }
            for (String field : List.of("max_tokens", "stream", "temperature", "top_p", "top_k", "thinking", "tool_choice",
                    "stop_sequences", "metadata")) {
                prefix.remove(field); // not part of what is cached
            }
            int tokens = conversation(prefix).promptTokens();
            boolean hit = !CACHED_PREFIXES.add(FakeJson.write(prefix));
            return hit ? new Cache(true, tokens, 0) : new Cache(true, 0, tokens);
        }
    }

    private static List<Event> events(String suffix, String model, FakeReply reply, String thinking, Cache cache) {
        List<Event> events = new ArrayList<>();
        ObjectNode start = message(suffix, model);
        start.putNull("stop_reason").putNull("stop_sequence");
        if (reply.usageReported) {
            start.set("usage", usage(reply, cache, 1));
        }
        events.add(event("message_start", FakeJson.object().put("type", "message_start").set("message", start), false));
        int index = 0;
        if (thinking != null) {
            events.add(event("content_block_start", FakeJson.object().put("type", "content_block_start").put("index", 0)
                    .set("content_block", FakeJson.object().put("type", "thinking").put("thinking", "")
                            .put("signature", "")), false));
            for (String piece : FakeReply.deltas(FakeJson.words(thinking))) {
                events.add(event("content_block_delta", FakeJson.object().put("type", "content_block_delta")
                        .put("index", 0).set("delta", FakeJson.object().put("type", "thinking_delta")
                                .put("thinking", piece)), true));
            }
            events.add(event("content_block_delta", FakeJson.object().put("type", "content_block_delta")
                    .put("index", 0).set("delta", FakeJson.object().put("type", "signature_delta")
                            .put("signature", FakeSignatures.overThinking(thinking))), false));
            events.add(event("content_block_stop", FakeJson.object().put("type", "content_block_stop").put("index", 0),
                    false));
            index = 1;
        }
        ObjectNode block = reply.isToolCall()
                ? toolUse(suffix, reply).set("input", FakeJson.object())
                : FakeJson.object().put("type", "text").put("text", "");
        events.add(event("content_block_start", FakeJson.object().put("type", "content_block_start").put("index", index)
                .set("content_block", block), false));
        events.add(event("ping", FakeJson.object().put("type", "ping"), false));
        List<String> pieces = reply.isToolCall() ? reply.toolCall.argumentPieces() : reply.textDeltas();
        for (String piece : pieces) {
            ObjectNode delta = reply.isToolCall()
                    ? FakeJson.object().put("type", "input_json_delta").put("partial_json", piece)
                    : FakeJson.object().put("type", "text_delta").put("text", piece);
            events.add(event("content_block_delta", FakeJson.object().put("type", "content_block_delta")
                    .put("index", index).set("delta", delta), true));
        }
        events.add(event("content_block_stop", FakeJson.object().put("type", "content_block_stop").put("index", index),
                false));
        ObjectNode messageDelta = FakeJson.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason(reply)).put("stop_sequence", reply.stopSequence);
        if (reply.usageReported) {
            messageDelta.putObject("usage").put("output_tokens", reply.completionTokens
                    + (thinking == null ? 0 : FakeJson.words(thinking).size()));
        }
        events.add(event("message_delta", messageDelta, false));
        events.add(event("message_stop", FakeJson.object().put("type", "message_stop"), false));
        return events;
    }

    /** Anthropic thinks only when asked: {@code thinking: {type: "enabled" | "adaptive"}}. */
    private static boolean thinkingEnabled(JsonNode json) {
        String type = json.path("thinking").path("type").asText("");
        return type.equals("enabled") || type.equals("adaptive");
    }

    private static String thinkingText(FakeReply reply) {
        return reply.isToolCall() ? "The user needs " + reply.toolCall.name() + ", so I call it."
                : "I can answer this directly.";
    }

    /**
     * What Anthropic refuses about the thinking blocks sent back: a signature that does not match its thinking
     * text, and, with thinking on, a final assistant turn that called tools without starting with its thinking.
     * Null when all is well.
     */
    static String thinkingProblem(JsonNode json) {
        JsonNode messages = json.path("messages");
        int lastAssistant = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            if ("assistant".equals(messages.get(i).path("role").asText())) {
                lastAssistant = i;
            }
            for (int j = 0; j < content.size(); j++) {
                JsonNode block = content.get(j);
                if ("thinking".equals(block.path("type").asText())
                        && !FakeSignatures.overThinking(block.path("thinking").asText("")).equals(block.path("signature").asText())) {
                    return "messages." + i + ".content." + j + ": Invalid `signature` in `thinking` block";
                }
            }
        }
        if (thinkingEnabled(json) && lastAssistant >= 0) {
            JsonNode content = messages.get(lastAssistant).path("content");
            boolean calledTools = false;
            for (JsonNode block : content) {
                calledTools |= "tool_use".equals(block.path("type").asText());
            }
            String first = content.isArray() && !content.isEmpty() ? content.get(0).path("type").asText() : "text";
            if (calledTools && !first.equals("thinking") && !first.equals("redacted_thinking")) {
                return "messages." + lastAssistant + ".content.0.type: Expected `thinking` or `redacted_thinking`, but found `"
                        + first + "`. When `thinking` is enabled, a final `assistant` message must start with a thinking"
                        + " block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you"
                        + " include thinking blocks from previous turns. To avoid this requirement, disable `thinking`.";
            }
        }
        return null;
    }

    private static Event event(String name, JsonNode data, boolean content) {
        return new Event(name, FakeJson.write(data), content);
    }

    static ObjectNode errorBody(String type, String message, String requestId) {
        ObjectNode body = FakeJson.object().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return body;
    }

    private static void sendError(Exchange exchange, int status, String type, String message, String requestId) {
        exchange.sendJson(status, errorBody(type, message, requestId));
    }

    /**
     * The error Anthropic sends for the {@code error} directive's HTTP status, with the retry hint of
     * {@link RetryHints}.
     */
    private static void sendStatusError(Exchange exchange, Directives directives, String model, String requestId) {
        int status = directives.errorStatus();
        RetryHints.anthropic(exchange, status, RetryHints.seconds(status, directives), Clock.systemUTC());
        switch (status) {
            case 400 -> sendError(exchange, 400, "invalid_request_error", "Invalid request (fake [[error:400]]).",
                    requestId);
            case 401 -> sendError(exchange, 401, "authentication_error", "invalid x-api-key", requestId);
            case 402 -> sendError(exchange, 402, "billing_error", "Your credit balance is too low.", requestId);
            case 403 -> sendError(exchange, 403, "permission_error",
                    "Your API key does not have permission to use the specified resource.", requestId);
            case 404 -> sendError(exchange, 404, "not_found_error", "model: " + model, requestId);
            case 413 -> sendError(exchange, 413, "request_too_large",
                    "Request exceeds the maximum allowed number of bytes.", requestId);
            case 429 -> sendError(exchange, 429, "rate_limit_error", "This request would exceed the rate limit for"
                    + " your organization. Please try again later.", requestId);
            case 504 -> sendError(exchange, 504, "timeout_error", "Request timed out.", requestId);
            case 529 -> sendError(exchange, 529, "overloaded_error", "Overloaded", requestId);
            default -> sendError(exchange, status, status >= 500 ? "api_error" : "invalid_request_error",
                    status >= 500 ? "Internal server error" : "Request failed with status " + status + " (fake).",
                    requestId);
        }
    }
}
