package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeReplyTest {

    private static Conversation userSays(String text) {
        Conversation conversation = new Conversation("m");
        conversation.add(Conversation.Role.USER).text(text);
        return conversation;
    }

    @Test
    void counts_prompt_tokens_as_words_plus_one_per_message_and_85_per_image() {
        Conversation conversation = userSays("one two three");
        conversation.system("sys tem");
        conversation.add(Conversation.Role.ASSISTANT);
        conversation.add(Conversation.Role.USER).image().toolResult("a b");

        assertThat(conversation.promptTokens()).isEqualTo(2 + (1 + 3) + 1 + (1 + 85 + 2));
    }

    @Test
    void max_tokens_is_checked_before_stop_sequences() {
        Conversation conversation = userSays("hi");
        conversation.maxTokens = 4;
        conversation.stopSequences = List.of("w1");

        FakeReply reply = FakeReply.of(conversation, Directives.NONE);

        assertThat(reply.text()).isEqualTo("Hello from m.");
        assertThat(reply.finish).isEqualTo(FakeReply.Finish.STOP_SEQUENCE);
        conversation.maxTokens = 3;
        assertThat(FakeReply.of(conversation, Directives.NONE).finish).isEqualTo(FakeReply.Finish.LENGTH);
        conversation.maxTokens = 8;
        conversation.stopSequences = List.of();
        assertThat(FakeReply.of(conversation, Directives.NONE).finish).isEqualTo(FakeReply.Finish.STOP);
    }

    @Test
    void example_arguments_follow_the_schema_types() {
        JsonNode schema = FakeHttp.parse("""
                {"type":"object","properties":{"s":{"type":"string"},"n":{"type":"number"},"i":{"type":"INTEGER"},
                "b":{"type":"boolean"},"o":{"type":"object"},"u":{"type":["null","string"]},"x":{}}}""");

        assertThat(FakeJson.write(FakeReply.exampleArguments(schema)))
                .isEqualTo("{\"s\":\"example\",\"n\":1,\"i\":1,\"b\":true,\"o\":null,\"u\":\"example\",\"x\":null}");
        assertThat(FakeJson.write(FakeReply.exampleArguments(null))).isEqualTo("{}");
    }

    @Test
    void argument_json_is_split_into_at_least_three_pieces() {
        assertThat(FakeReply.split("{}")).containsExactly("", "{", "}");
        assertThat(FakeReply.split("{\"city\":\"example\"}")).hasSize(3).satisfies(
                pieces -> assertThat(String.join("", pieces)).isEqualTo("{\"city\":\"example\"}"));
        String longJson = "{\"a\":\"example\",\"b\":\"example\",\"c\":\"example\",\"d\":1}";
        assertThat(FakeReply.split(longJson)).allSatisfy(piece -> assertThat(piece.length()).isLessThanOrEqualTo(8))
                .satisfies(pieces -> assertThat(String.join("", pieces)).isEqualTo(longJson));
    }

    @Test
    void tools_are_not_called_after_a_tool_result_or_an_assistant_turn() {
        Conversation conversation = userSays("hi");
        conversation.tools.add(new Conversation.Tool("t", null));
        assertThat(FakeReply.of(conversation, Directives.NONE).isToolCall()).isTrue();

        conversation.add(Conversation.Role.TOOL).toolResult("one two three four five six");
        FakeReply reply = FakeReply.of(conversation, Directives.NONE);
        assertThat(reply.isToolCall()).isFalse();
        assertThat(reply.text()).isEqualTo("Tool result received: one two three four five");

        conversation.add(Conversation.Role.ASSISTANT).text("prefill");
        assertThat(FakeReply.of(conversation, Directives.NONE).text()).startsWith("Hello from m.");
    }
}
