package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.providers.Conversation.Role;
import dev.switchboard.testkit.providers.SseWriter.Event;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI wire format: {@code /openai/v1/chat/completions} here, the legacy completions, embeddings and models
 * in {@link OpenAiExtraEndpoints}, and OpenAI's authentication and error bodies for all of them.
 */
final class OpenAiFakeHandler implements FakeProviderServer.Handler {

    static final String SSE_TYPE = "text/event-stream; charset=utf-8";
    static final String FINGERPRINT = "fp_fake";

    private final OpenAiExtraEndpoints extras = new OpenAiExtraEndpoints();

    @Override
    public void handle(Exchange exchange, Buffer body) {
        String path = exchange.request.path().substring("/openai".length());
        boolean post = exchange.request.method() == HttpMethod.POST;
        JsonNode json = null;
        if (post) {
            try {
                json = FakeJson.parseObject(body.getBytes());
            } catch (IOException e) {
                json = null;
            }
        }
        exchange.record(json == null ? null : json.path("model").asText(null),
                json != null && json.path("stream").asBoolean(false), body);
        exchange.header("x-request-id", "req_" + exchange.nextId());
        exchange.header("openai-processing-ms", "1");
        if (!authorized(exchange)) {
            return;
        }
        boolean known = post ? OpenAiExtraEndpoints.POST_PATHS.contains(path)
                : exchange.request.method() == HttpMethod.GET && path.startsWith("/v1/models");
        if (!known) {
            sendError(exchange, 404, "Invalid URL (" + exchange.request.method() + " " + path + ")",
                    "invalid_request_error", null, null);
        } else if (post && json == null) {
            sendError(exchange, 400, "We could not parse the JSON body of your request. (HINT: This likely means you"
                    + " aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was"
                    + " sent was not valid JSON.)", "invalid_request_error", null, null);
        } else if (post && !json.path("model").isTextual()) {
            sendError(exchange, 400, "you must provide a model parameter", "invalid_request_error", null, null);
        } else if (path.equals("/v1/chat/completions")) {
            chat(exchange, json);
        } else {
            extras.handle(exchange, path, json);
        }
    }

    private static boolean authorized(Exchange exchange) {
        String auth = exchange.request.getHeader("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
            sendError(exchange, 401, "You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain"
                    + " an API key from https://platform.openai.com/account/api-keys.",
                    "invalid_request_error", null, null);
            return false;
        }
        if (auth.substring(7).trim().equals("bad-key")) {
            sendError(exchange, 401, "Incorrect API key provided: bad-key. You can find your API key at"
                    + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                    "invalid_api_key");
            return false;
        }
        return true;
    }

    private void chat(Exchange exchange, JsonNode json) {
        if (!json.path("messages").isArray()) {
            sendError(exchange, 400, "Missing required parameter: 'messages'.", "invalid_request_error",
                    "messages", "missing_required_parameter");
            return;
        }
        Conversation conversation = conversation(json);
        if (!validMaxTokens(exchange, conversation)) {
            return;
        }
        String model = conversation.model;
        Directives directives = exchange.directives(model, conversation.directiveText());
        FakeReply reply = FakeReply.of(conversation, directives);
        boolean stream = json.path("stream").asBoolean(false);
        boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
        exchange.respond(directives, () -> {
            if (directives.errorStatus() > 0) {
                sendStatusError(exchange, directives, model);
                return;
            }
            String id = "chatcmpl-" + exchange.nextId();
            if (stream) {
                SseWriter.stream(exchange, SSE_TYPE, SseWriter.Framing.SSE,
                        chunks(id, model, reply, includeUsage), directives, midstreamError());
            } else {
                ObjectNode body = completion(id, model, reply);
                if (directives.malformed()) {
                    exchange.sendMalformed(body);
                } else {
                    exchange.sendJson(200, body);
                }
            }
        });
    }

    static boolean validMaxTokens(Exchange exchange, Conversation conversation) {
        if (conversation.maxTokens != null && conversation.maxTokens < 1) {
            sendError(exchange, 400, "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but"
                    + " got " + conversation.maxTokens + " instead.", "invalid_request_error", "max_tokens",
                    "integer_below_min_value");
            return false;
        }
        return true;
    }

    static Conversation conversation(JsonNode json) {
        Conversation conversation = new Conversation(json.path("model").asText(""));
        for (JsonNode message : json.path("messages")) {
            JsonNode content = message.get("content");
            switch (message.path("role").asText("user")) {
                case "system", "developer" -> conversation.system(String.join(" ", texts(content)));
                case "assistant" -> addContent(conversation.add(Role.ASSISTANT), content);
                case "tool", "function" -> conversation.add(Role.TOOL).toolResult(String.join(" ", texts(content)));
                default -> addContent(conversation.add(Role.USER), content);
            }
        }
        for (JsonNode tool : json.path("tools")) {
            JsonNode function = tool.path("function");
            if (function.path("name").isTextual()) {
                conversation.tools.add(new Conversation.Tool(function.path("name").textValue(),
                        function.get("parameters")));
            }
        }
        for (JsonNode function : json.path("functions")) {
            conversation.tools.add(new Conversation.Tool(function.path("name").asText(), function.get("parameters")));
        }
        JsonNode choice = json.path("tool_choice");
        conversation.toolChoiceNone = "none".equals(choice.asText());
        if (choice.path("function").path("name").isTextual()) {
            conversation.forcedTool = choice.path("function").path("name").textValue();
        }
        conversation.maxTokens = FakeJson.intOrNull(
                FakeJson.field(json, "max_completion_tokens", "max_tokens", "max_output_tokens"));
        conversation.stopSequences = FakeJson.strings(json.get("stop"));
        return conversation;
    }

    private static void addContent(Conversation.Message message, JsonNode content) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            message.text(content.textValue());
            return;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asText()) {
                case "text", "input_text" -> message.text(part.path("text").asText());
                case "image_url", "input_image", "input_audio", "file" -> message.image();
                default -> {
                }
            }
        }
    }

    private static List<String> texts(JsonNode content) {
        List<String> texts = new ArrayList<>();
        if (content != null && content.isTextual()) {
            texts.add(content.textValue());
        } else if (content != null) {
            content.forEach(part -> {
                if (part.path("text").isTextual()) {
                    texts.add(part.path("text").textValue());
                }
            });
        }
        return texts;
    }

    static String finishReason(FakeReply reply) {
        return switch (reply.finish) {
            case STOP, STOP_SEQUENCE -> "stop";
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
        };
    }

    private static ObjectNode completion(String id, String model, FakeReply reply) {
        ObjectNode body = header(id, "chat.completion", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (reply.isToolCall()) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", "call_" + id.substring("chatcmpl-".length()));
            call.put("type", "function");
            call.putObject("function").put("name", reply.toolCall.name())
                    .put("arguments", reply.toolCall.argumentsJson());
        } else {
            message.put("content", reply.text());
        }
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(reply));
        if (reply.usageReported) {
            body.set("usage", usage(reply));
        }
        body.put("service_tier", "default");
        body.put("system_fingerprint", FINGERPRINT);
        return body;
    }

    private static List<Event> chunks(String id, String model, FakeReply reply, boolean includeUsage) {
        boolean usage = includeUsage && reply.usageReported;
        List<Event> events = new ArrayList<>();
        ObjectNode first = FakeJson.object().put("role", "assistant");
        if (reply.isToolCall()) {
            first.putNull("content");
            ObjectNode call = first.putArray("tool_calls").addObject();
            call.put("index", 0).put("id", "call_" + id.substring("chatcmpl-".length())).put("type", "function");
            call.putObject("function").put("name", reply.toolCall.name()).put("arguments", "");
        } else {
            first.put("content", "");
        }
        first.putNull("refusal");
        events.add(Event.data(chunk(id, model, first, null, usage), false));
        if (reply.isToolCall()) {
            for (String piece : reply.toolCall.argumentPieces()) {
                ObjectNode delta = FakeJson.object();
                delta.putArray("tool_calls").addObject().put("index", 0)
                        .putObject("function").put("arguments", piece);
                events.add(Event.data(chunk(id, model, delta, null, usage), true));
            }
        } else {
            for (String text : reply.textDeltas()) {
                events.add(Event.data(chunk(id, model, FakeJson.object().put("content", text), null, usage), true));
            }
        }
        events.add(Event.data(chunk(id, model, FakeJson.object(), finishReason(reply), usage), false));
        if (usage) {
            ObjectNode last = header(id, "chat.completion.chunk", model);
            last.put("service_tier", "default").put("system_fingerprint", FINGERPRINT);
            last.putArray("choices");
            last.set("usage", usage(reply));
            events.add(Event.data(FakeJson.write(last), false));
        }
        events.add(Event.data("[DONE]", false));
        return events;
    }

    private static String chunk(String id, String model, ObjectNode delta, String finish, boolean usage) {
        ObjectNode chunk = header(id, "chat.completion.chunk", model);
        chunk.put("service_tier", "default").put("system_fingerprint", FINGERPRINT);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        if (usage) {
            chunk.putNull("usage");
        }
        return FakeJson.write(chunk);
    }

    static ObjectNode header(String id, String object, String model) {
        return FakeJson.object().put("id", id).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
    }

    static ObjectNode usage(FakeReply reply) {
        int completion = reply.completionTokens + reply.reasoningTokens;
        ObjectNode usage = FakeJson.object();
        usage.put("prompt_tokens", reply.promptTokens);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", reply.promptTokens + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", reply.cachedTokens).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reply.reasoningTokens)
                .put("audio_tokens", 0).put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return usage;
    }

    static Event midstreamError() {
        return Event.data(FakeJson.write(errorBody("The server had an error while processing your request. Sorry"
                + " about that!", "server_error", null, null)), false);
    }

    static ObjectNode errorBody(String message, String type, String param, String code) {
        ObjectNode body = FakeJson.object();
        body.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return body;
    }

    static void sendError(Exchange exchange, int status, String message, String type, String param, String code) {
        exchange.sendJson(status, errorBody(message, type, param, code));
    }

    /**
     * The error OpenAI sends for the {@code error} directive's HTTP status, with the retry hint of
     * {@link RetryHints}.
     */
    static void sendStatusError(Exchange exchange, Directives directives, String model) {
        int status = directives.errorStatus();
        int retryAfter = RetryHints.seconds(status, directives);
        RetryHints.openAi(exchange, status, retryAfter);
        switch (status) {
            case 400 -> sendError(exchange, 400, "Invalid request (fake [[error:400]]).", "invalid_request_error",
                    null, null);
            case 401 -> sendError(exchange, 401, "Incorrect API key provided: sk-***. You can find your API key at"
                    + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
                    "invalid_api_key");
            case 403 -> sendError(exchange, 403, "Country, region, or territory not supported",
                    "request_forbidden", null, "unsupported_country_region_territory");
            case 404 -> sendError(exchange, 404, "The model `" + model + "` does not exist or you do not have"
                    + " access to it.", "invalid_request_error", null, "model_not_found");
            case 429 -> sendError(exchange, 429, "Rate limit reached for " + model + " on requests per min (RPM):"
                    + " Limit " + RetryHints.REQUEST_LIMIT + ", Used " + RetryHints.REQUEST_LIMIT + ", Requested 1."
                    + " Please try again in " + RetryHints.goDuration(Math.max(0, retryAfter)) + ".",
                    "rate_limit_exceeded", null,
                    "rate_limit_exceeded");
            case 503 -> sendError(exchange, 503, "The engine is currently overloaded, please try again later.",
                    "server_error", null, null);
            default -> {
                if (status >= 500) {
                    sendError(exchange, status, "The server had an error while processing your request. Sorry"
                            + " about that!", "server_error", null, null);
                } else {
                    sendError(exchange, status, "Request failed with status " + status + " (fake).",
                            "invalid_request_error", null, null);
                }
            }
        }
    }
}
