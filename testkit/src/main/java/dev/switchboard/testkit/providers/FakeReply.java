package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The deterministic answer to a {@link Conversation}, independent of the wire format: either text (a list of words)
 * or one tool call, a finish reason and the token counts. See {@link FakeProviderServer} for the rules.
 */
final class FakeReply {

    /** Completion tokens reported for a tool call. */
    static final int TOOL_CALL_TOKENS = 10;
    /** Words of a tool result quoted in the reply that follows it. */
    static final int QUOTED_RESULT_WORDS = 5;

    enum Finish { STOP, LENGTH, TOOL_CALLS, STOP_SEQUENCE }

    /** A tool call: the tool's name and its arguments, as an object and as compact JSON. */
    record ToolCall(String name, ObjectNode arguments, String argumentsJson) {

        /** The argument JSON cut into at least 3 pieces (of at most 8 characters) that concatenate to it. */
        List<String> argumentPieces() {
            return split(argumentsJson);
        }
    }

    final List<String> words;
    final ToolCall toolCall;
    final Finish finish;
    final String stopSequence;
    final int promptTokens;
    final int completionTokens;
    final int cachedTokens;
    final int reasoningTokens;
    final boolean usageReported;

    private FakeReply(List<String> words, ToolCall toolCall, Finish finish, String stopSequence, int promptTokens,
            int completionTokens, Directives directives) {
        this.words = words;
        this.toolCall = toolCall;
        this.finish = finish;
        this.stopSequence = stopSequence;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.cachedTokens = Math.min(directives.cachedTokens(), promptTokens);
        this.reasoningTokens = directives.reasoningTokens();
        this.usageReported = !directives.noUsage();
    }

    static FakeReply of(Conversation conversation, Directives directives) {
        int prompt = conversation.promptTokens();
        Conversation.Tool tool = conversation.toolToCall();
        if (tool != null) {
            ObjectNode arguments = exampleArguments(tool.schema());
            ToolCall call = new ToolCall(tool.name(), arguments, FakeJson.write(arguments));
            return new FakeReply(List.of(), call, Finish.TOOL_CALLS, null, prompt, TOOL_CALL_TOKENS, directives);
        }
        List<String> planned = new ArrayList<>();
        if (conversation.endsWithToolResult()) {
            planned.addAll(List.of("Tool", "result", "received:"));
            List<String> result = FakeJson.words(conversation.lastToolResults());
            planned.addAll(result.subList(0, Math.min(QUOTED_RESULT_WORDS, result.size())));
        } else {
            planned.addAll(FakeJson.words("Hello from " + conversation.model + "."));
            int filler = directives.fillerWords();
            for (int i = 1; i <= filler; i++) {
                planned.add("w" + i);
            }
        }
        List<String> emitted = new ArrayList<>(planned.size());
        Finish finish = Finish.STOP;
        String matched = null;
        Integer max = conversation.maxTokens;
        for (String word : planned) {
            if (max != null && emitted.size() >= max) {
                finish = Finish.LENGTH;
                break;
            }
            if (conversation.stopSequences.contains(word)) {
                finish = Finish.STOP_SEQUENCE;
                matched = word;
                break;
            }
            emitted.add(word);
        }
        return new FakeReply(emitted, null, finish, matched, prompt, emitted.size(), directives);
    }

    boolean isToolCall() {
        return toolCall != null;
    }

    String text() {
        return String.join(" ", words);
    }

    /** The text as stream deltas: the first word, then each further word with its leading space. */
    List<String> textDeltas() {
        return deltas(words);
    }

    /** Words as stream deltas: the first word, then each further word with its leading space. */
    static List<String> deltas(List<String> words) {
        List<String> deltas = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            deltas.add(i == 0 ? words.get(i) : " " + words.get(i));
        }
        return deltas;
    }

    /** Arguments from a JSON schema: string "example", number/integer 1, boolean true, anything else null. */
    static ObjectNode exampleArguments(JsonNode schema) {
        ObjectNode arguments = FakeJson.object();
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties == null || !properties.isObject()) {
            return arguments;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            switch (typeOf(property.getValue())) {
                case "string" -> arguments.put(property.getKey(), "example");
                case "number", "integer" -> arguments.put(property.getKey(), 1);
                case "boolean" -> arguments.put(property.getKey(), true);
                default -> arguments.putNull(property.getKey());
            }
        }
        return arguments;
    }

    /** The schema's type in lower case (Gemini writes STRING); for a type list, the first that is not null. */
    private static String typeOf(JsonNode propertySchema) {
        JsonNode type = propertySchema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode candidate : type) {
                if (candidate.isTextual() && !"null".equalsIgnoreCase(candidate.textValue())) {
                    return candidate.textValue().toLowerCase(Locale.ROOT);
                }
            }
            return "null";
        }
        return type != null && type.isTextual() ? type.textValue().toLowerCase(Locale.ROOT) : "";
    }

    static List<String> split(String json) {
        int size = Math.max(1, Math.min(8, json.length() / 3));
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < json.length(); i += size) {
            pieces.add(json.substring(i, Math.min(json.length(), i + size)));
        }
        while (pieces.size() < 3) {
            pieces.add(0, "");
        }
        return pieces;
    }
}
