package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.testkit.providers.Conversation.Role;
import dev.switchboard.testkit.providers.SseWriter.Event;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's legacy {@code /v1/completions}, {@code /v1/embeddings} and {@code /v1/models}. Each prompt of a
 * completions request is one message for the prompt-token rule and gets its own choice with the same reply.
 * Embeddings are unit vectors derived from the input text (FNV-1a seed, splitmix64), 8 dimensions by default.
 */
final class OpenAiExtraEndpoints {

    static final Set<String> POST_PATHS = Set.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings");
    static final int DEFAULT_DIMENSIONS = 8;
    static final List<String> MODELS = List.of("fake-chat", "fake-embedding", "gpt-4o-mini", "text-embedding-3-small");
    private static final long MODELS_CREATED = 1_700_000_000L;

    void handle(Exchange exchange, String path, JsonNode json) {
        switch (path) {
            case "/v1/completions" -> completions(exchange, json);
            case "/v1/embeddings" -> embeddings(exchange, json);
            case "/v1/models" -> {
                ObjectNode list = FakeJson.object().put("object", "list");
                ArrayNode data = list.putArray("data");
                MODELS.forEach(id -> data.add(model(id)));
                exchange.sendJson(200, list);
            }
            default -> exchange.sendJson(200, model(path.substring("/v1/models/".length())));
        }
    }

    private static ObjectNode model(String id) {
        return FakeJson.object().put("id", id).put("object", "model").put("created", MODELS_CREATED)
                .put("owned_by", "switchboard-fake");
    }

    private static void completions(Exchange exchange, JsonNode json) {
        String model = json.path("model").textValue();
        Conversation conversation = new Conversation(model);
        for (JsonNode prompt : prompts(json.get("prompt"))) {
            if (prompt.isTextual()) {
                conversation.add(Role.USER).text(prompt.textValue());
            } else {
                conversation.add(Role.USER).tokens(prompt.size());
            }
        }
        if (conversation.messages.isEmpty()) {
            conversation.add(Role.USER).text("");
        }
        conversation.maxTokens = FakeJson.intOrNull(json.get("max_tokens"));
        conversation.stopSequences = FakeJson.strings(json.get("stop"));
        if (!OpenAiFakeHandler.validMaxTokens(exchange, conversation)) {
            return;
        }
        Directives directives = exchange.directives(model, conversation.directiveText());
        FakeReply reply = FakeReply.of(conversation, directives);
        int choices = conversation.messages.size();
        boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
        exchange.respond(directives, () -> {
            if (directives.errorStatus() > 0) {
                OpenAiFakeHandler.sendStatusError(exchange, directives, model);
                return;
            }
            String id = "cmpl-" + exchange.nextId();
            if (json.path("stream").asBoolean(false)) {
                SseWriter.stream(exchange, OpenAiFakeHandler.SSE_TYPE, SseWriter.Framing.SSE,
                        completionChunks(id, model, reply, choices, includeUsage), directives,
                        OpenAiFakeHandler.midstreamError());
                return;
            }
            ObjectNode body = OpenAiFakeHandler.header(id, "text_completion", model);
            ArrayNode array = body.putArray("choices");
            for (int i = 0; i < choices; i++) {
                array.add(completionChoice(i, reply.text(), OpenAiFakeHandler.finishReason(reply)));
            }
            if (reply.usageReported) {
                body.set("usage", completionUsage(reply, choices));
            }
            body.put("system_fingerprint", OpenAiFakeHandler.FINGERPRINT);
            if (directives.malformed()) {
                exchange.sendMalformed(body);
            } else {
                exchange.sendJson(200, body);
            }
        });
    }

    /** A prompt as a list of prompts: strings stay strings, token arrays become arrays. */
    private static List<JsonNode> prompts(JsonNode prompt) {
        List<JsonNode> prompts = new ArrayList<>();
        if (prompt == null || prompt.isNull()) {
            return prompts;
        }
        if (prompt.isTextual()) {
            prompts.add(prompt);
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isNumber()) {
            prompts.add(prompt);
        } else {
            prompt.forEach(prompts::add);
        }
        return prompts;
    }

    private static ObjectNode completionChoice(int index, String text, String finish) {
        ObjectNode choice = FakeJson.object();
        choice.put("text", text).put("index", index).putNull("logprobs");
        choice.put("finish_reason", finish);
        return choice;
    }

    private static ObjectNode completionUsage(FakeReply reply, int choices) {
        int completion = reply.completionTokens * choices;
        return FakeJson.object().put("prompt_tokens", reply.promptTokens).put("completion_tokens", completion)
                .put("total_tokens", reply.promptTokens + completion);
    }

    private static List<Event> completionChunks(String id, String model, FakeReply reply, int choices,
            boolean includeUsage) {
        boolean usage = includeUsage && reply.usageReported;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < choices; i++) {
            for (String text : reply.textDeltas()) {
                events.add(Event.data(completionChunk(id, model, completionChoice(i, text, null), usage), true));
            }
            ObjectNode last = completionChoice(i, "", OpenAiFakeHandler.finishReason(reply));
            events.add(Event.data(completionChunk(id, model, last, usage), false));
        }
        if (usage) {
            ObjectNode last = OpenAiFakeHandler.header(id, "text_completion", model);
            last.putArray("choices");
            last.set("usage", completionUsage(reply, choices));
            events.add(Event.data(FakeJson.write(last), false));
        }
        events.add(Event.data("[DONE]", false));
        return events;
    }

    private static String completionChunk(String id, String model, ObjectNode choice, boolean usage) {
        ObjectNode chunk = OpenAiFakeHandler.header(id, "text_completion", model);
        chunk.putArray("choices").add(choice);
        chunk.put("system_fingerprint", OpenAiFakeHandler.FINGERPRINT);
        if (usage) {
            chunk.putNull("usage");
        }
        return FakeJson.write(chunk);
    }

    private static void embeddings(Exchange exchange, JsonNode json) {
        String model = json.path("model").textValue();
        List<JsonNode> inputs = prompts(json.get("input"));
        if (inputs.isEmpty()) {
            OpenAiFakeHandler.sendError(exchange, 400, "Missing required parameter: 'input'.",
                    "invalid_request_error", "input", "missing_required_parameter");
            return;
        }
        int dimensions = json.path("dimensions").asInt(DEFAULT_DIMENSIONS);
        if (dimensions < 1) {
            OpenAiFakeHandler.sendError(exchange, 400, "Invalid 'dimensions': integer below minimum value. Expected"
                    + " a value >= 1, but got " + dimensions + " instead.", "invalid_request_error", "dimensions",
                    "integer_below_min_value");
            return;
        }
        boolean base64 = "base64".equals(json.path("encoding_format").asText());
        String lastText = "";
        int tokens = 0;
        for (JsonNode input : inputs) {
            if (input.isTextual()) {
                lastText = input.textValue();
                tokens += FakeJson.countWords(input.textValue());
            } else {
                tokens += input.size();
            }
        }
        Directives directives = exchange.directives(model, lastText);
        int promptTokens = tokens;
        exchange.respond(directives, () -> {
            if (directives.errorStatus() > 0) {
                OpenAiFakeHandler.sendStatusError(exchange, directives, model);
                return;
            }
            ObjectNode body = FakeJson.object().put("object", "list");
            ArrayNode data = body.putArray("data");
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode input = inputs.get(i);
                float[] vector = embedding(input.isTextual() ? input.textValue() : input.toString(), dimensions);
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
                if (base64) {
                    item.put("embedding", toBase64(vector));
                } else {
                    ArrayNode values = item.putArray("embedding");
                    for (float value : vector) {
                        values.add(value);
                    }
                }
            }
            body.put("model", model);
            if (!directives.noUsage()) {
                body.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
            }
            if (directives.malformed()) {
                exchange.sendMalformed(body);
            } else {
                exchange.sendJson(200, body);
            }
        });
    }

    /** A unit-length vector that depends only on the text: same text, same vector. */
    static float[] embedding(String text, int dimensions) {
        long state = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            state = (state ^ (b & 0xff)) * 0x100000001b3L;
        }
        double[] raw = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            state += 0x9e3779b97f4a7c15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z = z ^ (z >>> 31);
            raw[i] = (z >>> 11) * 0x1.0p-53 * 2 - 1;
            norm += raw[i] * raw[i];
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (norm == 0 ? 0 : raw[i] / norm);
        }
        return vector;
    }

    /** Little-endian float32 values, base64 encoded, as OpenAI's {@code encoding_format: base64}. */
    static String toBase64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
