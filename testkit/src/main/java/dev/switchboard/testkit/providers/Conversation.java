package dev.switchboard.testkit.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A request reduced to what the fake's rules need, the same for every wire format: the messages' words, images and
 * tool results, the system prompt, the declared tools and the limits. Each format handler fills one.
 */
final class Conversation {

    /** Prompt tokens an image (or any other media part) counts for. */
    static final int IMAGE_TOKENS = 85;

    enum Role { USER, ASSISTANT, TOOL }

    /** A declared tool: its name and its JSON schema (possibly missing). */
    record Tool(String name, JsonNode schema) {
    }

    /** One message. Tool calls in assistant messages count for nothing but the message itself. */
    static final class Message {
        final Role role;
        final List<String> texts = new ArrayList<>();
        final List<String> toolResults = new ArrayList<>();
        int extraTokens;

        Message(Role role) {
            this.role = role;
        }

        Message text(String text) {
            if (text != null) {
                texts.add(text);
            }
            return this;
        }

        Message image() {
            extraTokens += IMAGE_TOKENS;
            return this;
        }

        Message toolResult(String text) {
            toolResults.add(text == null ? "" : text);
            return this;
        }

        Message tokens(int count) {
            extraTokens += count;
            return this;
        }

        int promptTokens() {
            int tokens = 1 + extraTokens;
            for (String text : texts) {
                tokens += FakeJson.countWords(text);
            }
            for (String result : toolResults) {
                tokens += FakeJson.countWords(result);
            }
            return tokens;
        }
    }

    final String model;
    final List<Message> messages = new ArrayList<>();
    final List<Tool> tools = new ArrayList<>();
    private final StringBuilder system = new StringBuilder();
    boolean toolChoiceNone;
    String forcedTool;
    Integer maxTokens;
    List<String> stopSequences = List.of();

    Conversation(String model) {
        this.model = model;
    }

    Message add(Role role) {
        Message message = new Message(role);
        messages.add(message);
        return message;
    }

    void system(String text) {
        if (text != null) {
            system.append(' ').append(text);
        }
    }

    /** Words of the system prompt, plus for each message 1 + its words + 85 per image. */
    int promptTokens() {
        int tokens = FakeJson.countWords(system.toString());
        for (Message message : messages) {
            tokens += message.promptTokens();
        }
        return tokens;
    }

    /** The text of the most recent user message that has text (messages holding only tool results are skipped). */
    String directiveText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message message = messages.get(i);
            if (message.role == Role.USER && !message.texts.isEmpty()) {
                return String.join(" ", message.texts);
            }
        }
        return "";
    }

    boolean endsWithToolResult() {
        return !messages.isEmpty() && !messages.get(messages.size() - 1).toolResults.isEmpty();
    }

    boolean endsWithUserText() {
        return !messages.isEmpty() && messages.get(messages.size() - 1).role == Role.USER && !endsWithToolResult();
    }

    /** The tool results of the last message, joined by spaces. */
    String lastToolResults() {
        return endsWithToolResult() ? String.join(" ", messages.get(messages.size() - 1).toolResults) : "";
    }

    /** The tool the reply calls, or null: the forced one, else the first declared, unless the choice is none. */
    Tool toolToCall() {
        if (tools.isEmpty() || toolChoiceNone || !endsWithUserText()) {
            return null;
        }
        if (forcedTool != null) {
            for (Tool tool : tools) {
                if (tool.name().equals(forcedTool)) {
                    return tool;
                }
            }
        }
        return tools.get(0);
    }
}
