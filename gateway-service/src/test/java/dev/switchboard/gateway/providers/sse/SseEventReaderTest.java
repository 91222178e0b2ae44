package dev.switchboard.gateway.providers.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.providers.ProviderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {

    private static final String MIXED = ": OPENROUTER PROCESSING\r\n\r\n"
            + "event: message\ndata: {\"text\":\"héllo wörld 你好 🎉\"}\n\n"
            + "data:first\r\ndata: second\r\r"
            + "id: 7\nretry: 1000\ndata: [DONE]\n\n";

    private static final List<SseEvent> MIXED_EVENTS = List.of(
            new SseEvent("message", "{\"text\":\"héllo wörld 你好 🎉\"}"),
            new SseEvent(null, "first\nsecond"),
            new SseEvent(null, "[DONE]"));

    @Test
    void reads_an_event_ended_by_a_blank_line() {
        assertThat(new SseEventReader().feed(bytes("data: {\"a\":1}\n\n")))
                .containsExactly(new SseEvent(null, "{\"a\":1}"));
    }

    @Test
    void accepts_crlf_and_lone_cr_line_endings() {
        SseEventReader reader = new SseEventReader();
        assertThat(reader.feed(bytes("data: one\r\n\r\ndata: two\r\rdata: three\n\r\n")))
                .extracting(SseEvent::data)
                .containsExactly("one", "two", "three");
    }

    @Test
    void skips_comment_lines() {
        assertThat(new SseEventReader().feed(bytes(": keep-alive\n\n:another\ndata: x\n: inside\n\n")))
                .containsExactly(new SseEvent(null, "x"));
    }

    @Test
    void joins_several_data_lines_with_a_newline() {
        assertThat(new SseEventReader().feed(bytes("data: a\ndata: b\ndata:\ndata: c\n\n")))
                .containsExactly(new SseEvent(null, "a\nb\n\nc"));
    }

    @Test
    void reads_the_event_name_and_resets_it_for_the_next_event() {
        assertThat(new SseEventReader().feed(bytes("event: error\ndata: {}\n\ndata: {}\n\n")))
                .containsExactly(new SseEvent("error", "{}"), new SseEvent(null, "{}"));
    }

    @Test
    void drops_only_one_space_after_the_colon() {
        assertThat(new SseEventReader().feed(bytes("data:no-space\n\ndata:  two spaces\n\n")))
                .extracting(SseEvent::data)
                .containsExactly("no-space", " two spaces");
    }

    @Test
    void a_field_name_without_colon_has_an_empty_value() {
        assertThat(new SseEventReader().feed(bytes("data\n\n")))
                .containsExactly(new SseEvent(null, ""));
    }

    @Test
    void drops_events_without_data_and_ignores_id_and_retry() {
        assertThat(new SseEventReader().feed(bytes("event: ping\n\nid: 1\nretry: 10\n\nunknown: x\n\n"))).isEmpty();
    }

    @Test
    void byte_by_byte_feeding_gives_the_same_events_as_one_chunk() {
        SseEventReader reader = new SseEventReader();
        List<SseEvent> events = new ArrayList<>();
        for (byte b : bytes(MIXED)) {
            reader.feed(new byte[] {b}, events::add);
        }
        reader.finish(events::add);
        assertThat(events).isEqualTo(MIXED_EVENTS);
        assertThat(new SseEventReader().feed(bytes(MIXED))).isEqualTo(MIXED_EVENTS);
    }

    @Test
    void every_two_way_split_gives_the_same_events() {
        byte[] all = bytes(MIXED);
        for (int cut = 0; cut <= all.length; cut++) {
            SseEventReader reader = new SseEventReader();
            List<SseEvent> events = new ArrayList<>(reader.feed(Arrays.copyOfRange(all, 0, cut)));
            events.addAll(reader.feed(Arrays.copyOfRange(all, cut, all.length)));
            events.addAll(reader.finish());
            assertThat(events).as("split at %d", cut).isEqualTo(MIXED_EVENTS);
        }
    }

    @Test
    void random_splits_give_the_same_events() {
        byte[] all = bytes(MIXED.repeat(20));
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            SseEventReader reader = new SseEventReader();
            List<SseEvent> events = new ArrayList<>();
            int at = 0;
            while (at < all.length) {
                int size = Math.min(all.length - at, 1 + random.nextInt(9));
                reader.feed(all, at, size, events::add);
                at += size;
            }
            reader.finish(events::add);
            assertThat(events).hasSize(60);
            assertThat(events.subList(0, 3)).isEqualTo(MIXED_EVENTS);
            assertThat(events.subList(57, 60)).isEqualTo(MIXED_EVENTS);
        }
    }

    @Test
    void a_crlf_split_between_chunks_is_one_line_ending() {
        SseEventReader reader = new SseEventReader();
        assertThat(reader.feed(bytes("data: a\r"))).isEmpty();
        assertThat(reader.feed(bytes("\ndata: b\r"))).isEmpty();
        assertThat(reader.feed(bytes("\n\r"))).containsExactly(new SseEvent(null, "a\nb"));
        assertThat(reader.feed(bytes("\n"))).isEmpty();
    }

    @Test
    void two_crs_across_chunks_are_a_blank_line() {
        SseEventReader reader = new SseEventReader();
        assertThat(reader.feed(bytes("data: a\r"))).isEmpty();
        assertThat(reader.feed(bytes("\r"))).containsExactly(new SseEvent(null, "a"));
    }

    @Test
    void a_utf8_sequence_split_between_chunks_is_decoded_whole() {
        byte[] all = bytes("data: 🎉\n\n");
        SseEventReader reader = new SseEventReader();
        assertThat(reader.feed(Arrays.copyOfRange(all, 0, 8))).isEmpty();
        assertThat(reader.feed(Arrays.copyOfRange(all, 8, all.length))).containsExactly(new SseEvent(null, "🎉"));
    }

    @Test
    void finish_flushes_a_trailing_event_without_a_blank_line() {
        SseEventReader reader = new SseEventReader();
        assertThat(reader.feed(bytes("data: {\"x\":1}\ndata: last"))).isEmpty();
        assertThat(reader.finish()).containsExactly(new SseEvent(null, "{\"x\":1}\nlast"));
        assertThat(reader.finish()).isEmpty();
    }

    @Test
    void finish_with_nothing_pending_returns_nothing() {
        SseEventReader reader = new SseEventReader();
        reader.feed(bytes("data: a\n\n: trailing comment"));
        assertThat(reader.finish()).isEmpty();
    }

    @Test
    void skips_a_leading_byte_order_mark_even_when_split() {
        byte[] all = bytes("\uFEFFdata: x\n\n");
        SseEventReader reader = new SseEventReader();
        assertThat(reader.feed(Arrays.copyOfRange(all, 0, 2))).isEmpty();
        assertThat(reader.feed(Arrays.copyOfRange(all, 2, all.length))).containsExactly(new SseEvent(null, "x"));
    }

    @Test
    void a_byte_order_mark_later_in_the_stream_is_content() {
        assertThat(new SseEventReader().feed(bytes("data: a\n\ndata: \uFEFFb\n\n")))
                .extracting(SseEvent::data)
                .containsExactly("a", "\uFEFFb");
    }

    @Test
    void refuses_a_line_longer_than_the_limit() {
        SseEventReader reader = new SseEventReader(16);
        reader.feed(bytes("data: 0123456789"));
        assertThatThrownBy(() -> reader.feed(bytes("x")))
                .isInstanceOf(ProviderException.class)
                .satisfies(e -> assertThat(((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE))
                .hasMessageContaining("16 bytes");
    }

    @Test
    void lines_up_to_the_limit_are_fine_and_the_buffer_grows() {
        String big = "y".repeat(100_000);
        assertThat(new SseEventReader().feed(bytes("data: " + big + "\n\n")))
                .containsExactly(new SseEvent(null, big));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
