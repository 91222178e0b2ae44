package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.providers.Conversation.Role;
import dev.switchboard.testkit.providers.SseWriter.Event;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Google Gemini format: {@code POST /gemini/v1beta/models/MODEL:generateContent} and
 * {@code :streamGenerateContent} (SSE with CRLF separators when {@code alt=sse}, else a streamed JSON array). The
 * key comes from {@code x-goog-api-key} or the {@code key} query parameter; both camelCase and snake_case field
 * names are read, as Google's JSON parser does.
 */
final class GeminiFakeHandler implements FakeProviderServer.Handler {

    private static final Pattern ROUTE =
            Pattern.compile("/(v1beta|v1|v1alpha)/models/([^:/]+):(generateContent|streamGenerateContent)");

    @Override
    public void handle(Exchange exchange, Buffer body) {
        String path = URLDecoder.decode(exchange.request.path().substring("/gemini".length()), StandardCharsets.UTF_8);
        Matcher route = ROUTE.matcher(path);
        boolean matched = route.matches() && exchange.request.method() == HttpMethod.POST;
        String model = matched ? route.group(2) : null;
        boolean stream = matched && route.group(3).equals("streamGenerateContent");
        exchange.record(model, stream, body);
        String key = exchange.request.getHeader("x-goog-api-key");
        if (key == null) {
            key = exchange.request.getParam("key");
        }
        if (key == null || key.isBlank()) {
            sendError(exchange, 403, "Method doesn't allow unregistered callers (callers without established"
                    + " identity). Please use API Key or other form of API consumer identity to call this API.");
            return;
        }
        if (key.equals("bad-key")) {
            ObjectNode error = errorBody(400, "API key not valid. Please pass a valid API key.");
            ((ObjectNode) error.get("error")).putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID")
                    .put("domain", "googleapis.com")
                    .putObject("metadata").put("service", "generativelanguage.googleapis.com");
            exchange.sendJson(400, error);
            return;
        }
        if (!matched) {
            sendError(exchange, 404, "Method not found.");
            return;
        }
        JsonNode json;
        try {
            json = FakeJson.parseObject(body.getBytes());
        } catch (IOException e) {
            sendError(exchange, 400, "Invalid JSON payload received. Unexpected token.");
            return;
        }
        if (FakeJson.field(json, "contents").isEmpty()) {
            sendError(exchange, 400, "* GenerateContentRequest.contents: contents is not specified\n");
            return;
        }
        String signatureProblem = signatureProblem(json);
        if (signatureProblem != null) {
            sendError(exchange, 400, signatureProblem);
            return;
        }
        generate(exchange, json, model, stream, "sse".equals(exchange.request.getParam("alt")));
    }

    private static void generate(Exchange exchange, JsonNode json, String model, boolean stream, boolean sse) {
        Conversation conversation = conversation(json, model);
        Directives directives = exchange.directives(model, conversation.directiveText());
        FakeReply reply = FakeReply.of(conversation, directives);
        Thinking thinking = thinking(json);
        exchange.respond(directives, () -> {
            if (directives.errorStatus() > 0) {
                int status = directives.errorStatus();
                ObjectNode error = errorBody(status, defaultMessage(status, model));
                RetryHints.gemini(error, status, model, RetryHints.seconds(status, directives));
                exchange.sendJson(status, error);
                return;
            }
            String responseId = exchange.nextId();
            if (stream) {
                Event error = Event.data(FakeJson.write(errorBody(500, defaultMessage(500, model))), false);
                SseWriter.stream(exchange, sse ? "text/event-stream" : "application/json",
                        sse ? SseWriter.Framing.SSE_CRLF : SseWriter.Framing.JSON_ARRAY,
                        chunks(model, reply, responseId, thinking), directives, error);
                return;
            }
            ObjectNode body = response(model, reply, responseId, reply.isToolCall() ? null : reply.text(),
                    reply.completionTokens, true);
            thinking.decorate(body, reply, responseId, true, true);
            if (directives.malformed()) {
                exchange.sendMalformed(body);
            } else {
                exchange.sendJson(200, body);
            }
        });
    }

    static Conversation conversation(JsonNode json, String model) {
        Conversation conversation = new Conversation(model);
        for (JsonNode part : FakeJson.field(json, "systemInstruction", "system_instruction").path("parts")) {
            conversation.system(part.path("text").asText(null));
        }
        for (JsonNode content : FakeJson.field(json, "contents")) {
            String role = content.path("role").asText("user");
            Conversation.Message message = conversation.add(
                    role.equals("model") ? Role.ASSISTANT : role.equals("function") ? Role.TOOL : Role.USER);
            for (JsonNode part : content.path("parts")) {
                if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                    message.text(part.path("text").textValue());
                } else if (!FakeJson.field(part, "inlineData", "inline_data", "fileData", "file_data")
                        .isMissingNode()) {
                    message.image();
                } else {
                    JsonNode result = FakeJson.field(part, "functionResponse", "function_response");
                    if (!result.isMissingNode()) {
                        List<String> strings = new ArrayList<>();
                        FakeJson.collectStrings(result.path("response"), strings);
                        message.toolResult(strings.isEmpty() ? FakeJson.write(result.path("response"))
                                : String.join(" ", strings));
                    }
                }
            }
        }
        for (JsonNode tool : FakeJson.field(json, "tools")) {
            for (JsonNode declaration : FakeJson.field(tool, "functionDeclarations", "function_declarations")) {
                JsonNode schema = FakeJson.field(declaration, "parametersJsonSchema", "parameters_json_schema",
                        "parameters");
                conversation.tools.add(new Conversation.Tool(declaration.path("name").asText(),
                        schema.isMissingNode() ? null : schema));
            }
        }
        JsonNode calling = FakeJson.field(FakeJson.field(json, "toolConfig", "tool_config"),
                "functionCallingConfig", "function_calling_config");
        String mode = calling.path("mode").asText("AUTO");
        conversation.toolChoiceNone = mode.equals("NONE");
        List<String> allowed = FakeJson.strings(FakeJson.field(calling, "allowedFunctionNames",
                "allowed_function_names"));
        if (mode.equals("ANY") && !allowed.isEmpty()) {
            conversation.forcedTool = allowed.get(0);
        }
        JsonNode config = FakeJson.field(json, "generationConfig", "generation_config");
        Integer max = FakeJson.intOrNull(FakeJson.field(config, "maxOutputTokens", "max_output_tokens"));
        conversation.maxTokens = max != null && max > 0 ? max : null;
        conversation.stopSequences = FakeJson.strings(FakeJson.field(config, "stopSequences", "stop_sequences"));
        return conversation;
    }

    private static List<Event> chunks(String model, FakeReply reply, String responseId, Thinking thinking) {
        List<Event> events = new ArrayList<>();
        if (reply.isToolCall()) {
            ObjectNode piece = response(model, reply, responseId, null, reply.completionTokens, true);
            thinking.decorate(piece, reply, responseId, true, true);
            events.add(Event.data(FakeJson.write(piece), true));
            return events;
        }
        List<String> deltas = reply.textDeltas();
        if (deltas.isEmpty()) {
            deltas = List.of("");
        }
        for (int i = 0; i < deltas.size(); i++) {
            boolean last = i == deltas.size() - 1;
            int soFar = Math.min(i + 1, reply.completionTokens);
            ObjectNode piece = response(model, reply, responseId, deltas.get(i), soFar, last);
            // the thought summary comes first, in the first piece; the signature on the last text part
            thinking.decorate(piece, reply, responseId, i == 0, last);
            events.add(Event.data(FakeJson.write(piece), true));
        }
        return events;
    }

    /**
     * Gemini's thinking, as the request configures it ({@code generationConfig.thinkingConfig}): with a thinking
     * budget other than 0 the model thinks and signs its turn (a {@code thoughtSignature} on the first function
     * call part, else on the last text part); with {@code includeThoughts} a thought summary part leads.
     */
    record Thinking(boolean on, boolean summaries) {

        static final String SUMMARY = "Thinking about how to answer.";

        void decorate(ObjectNode response, FakeReply reply, String responseId, boolean first, boolean last) {
            if (!on) {
                return;
            }
            com.fasterxml.jackson.databind.node.ArrayNode parts = (com.fasterxml.jackson.databind.node.ArrayNode)
                    response.path("candidates").path(0).path("content").path("parts");
            if (last || reply.isToolCall()) {
                ((ObjectNode) parts.get(0)).put("thoughtSignature", FakeSignatures.issueGemini(responseId, 0));
            }
            if (first && summaries) {
                parts.insertObject(0).put("text", SUMMARY).put("thought", true);
            }
        }
    }

    private static Thinking thinking(JsonNode json) {
        JsonNode config = FakeJson.field(FakeJson.field(json, "generationConfig", "generation_config"),
                "thinkingConfig", "thinking_config");
        if (config.isMissingNode()) {
            return new Thinking(false, false);
        }
        JsonNode budget = FakeJson.field(config, "thinkingBudget", "thinking_budget");
        boolean on = !(budget.isNumber() && budget.asInt() == 0);
        return new Thinking(on, on && FakeJson.field(config, "includeThoughts", "include_thoughts").asBoolean(false));
    }

    /**
     * What Gemini refuses about thought signatures sent back: one it did not issue ("corrupted"), and, with thinking
     * on, a function call of the current turn (after the last user text) without one. Null when all is well.
     */
    static String signatureProblem(JsonNode json) {
        JsonNode contents = FakeJson.field(json, "contents");
        int currentTurn = 0;
        for (int i = 0; i < contents.size(); i++) {
            if (!contents.get(i).path("role").asText("user").equals("model")) {
                for (JsonNode part : contents.get(i).path("parts")) {
                    if (part.path("text").isTextual()) {
                        currentTurn = i;
                    }
                }
            }
        }
        boolean thinking = thinking(json).on();
        for (int i = 0; i < contents.size(); i++) {
            boolean firstCall = true;
            int position = 0;
            for (JsonNode part : contents.get(i).path("parts")) {
                position++;
                JsonNode signature = FakeJson.field(part, "thoughtSignature", "thought_signature");
                if (!signature.isMissingNode() && !FakeSignatures.issuedByGemini(signature.asText())) {
                    return "Corrupted thought signature.";
                }
                JsonNode call = FakeJson.field(part, "functionCall", "function_call");
                if (!call.isMissingNode()) {
                    if (thinking && firstCall && i > currentTurn && signature.isMissingNode()) {
                        return "Function call is missing a thought_signature in functionCall parts. This is required"
                                + " for tools to work correctly, and missing thought_signature may lead to degraded"
                                + " model performance. Additional data, function call `default_api:"
                                + call.path("name").asText() + "` , position " + position + ". Please refer to"
                                + " https://ai.google.dev/gemini-api/docs/thought-signatures for more details.";
                    }
                    firstCall = false;
                }
            }
        }
        return null;
    }

    /** A response or stream chunk: one candidate with the text (or, when text is null, the tool call). */
    private static ObjectNode response(String model, FakeReply reply, String responseId, String text,
            int candidateTokens, boolean withFinish) {
        ObjectNode body = FakeJson.object();
        ObjectNode candidate = body.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        ObjectNode part = content.putArray("parts").addObject();
        if (text == null) {
            part.putObject("functionCall").put("name", reply.toolCall.name())
                    .set("args", reply.toolCall.arguments());
        } else {
            part.put("text", text);
        }
        content.put("role", "model");
        if (withFinish) {
            candidate.put("finishReason", reply.finish == FakeReply.Finish.LENGTH ? "MAX_TOKENS" : "STOP");
        }
        candidate.put("index", 0);
        if (reply.usageReported) {
            ObjectNode usage = body.putObject("usageMetadata");
            usage.put("promptTokenCount", reply.promptTokens);
            usage.put("candidatesTokenCount", candidateTokens);
            usage.put("totalTokenCount", reply.promptTokens + candidateTokens + reply.reasoningTokens);
            if (reply.cachedTokens > 0) {
                usage.put("cachedContentTokenCount", reply.cachedTokens);
            }
            if (reply.reasoningTokens > 0) {
                usage.put("thoughtsTokenCount", reply.reasoningTokens);
            }
        }
        body.put("modelVersion", model);
        body.put("responseId", responseId);
        return body;
    }

    static String status(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    private static String defaultMessage(int code, String model) {
        return switch (code) {
            case 400 -> "Request contains an invalid argument.";
            case 403 -> "The caller does not have permission";
            case 404 -> "models/" + model + " is not found for API version v1beta, or is not supported for"
                    + " generateContent. Call ListModels to see the list of available models and their supported"
                    + " methods.";
            case 429 -> "Resource has been exhausted (e.g. check quota).";
            case 503 -> "The model is overloaded. Please try again later.";
            case 504 -> "Deadline expired before operation could complete.";
            default -> code >= 500 ? "An internal error has occurred. Please retry or report in"
                    + " https://developers.generativeai.google/guide/troubleshooting"
                    : "Request failed with status " + code + " (fake).";
        };
    }

    static ObjectNode errorBody(int code, String message) {
        ObjectNode body = FakeJson.object();
        body.putObject("error").put("code", code).put("message", message).put("status", status(code));
        return body;
    }

    private static void sendError(Exchange exchange, int code, String message) {
        exchange.sendJson(code, errorBody(code, message));
    }
}
