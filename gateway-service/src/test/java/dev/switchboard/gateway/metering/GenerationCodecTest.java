package dev.switchboard.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The journal's encoding of a generation: every field back as it was, another format refused. */
class GenerationCodecTest {

    private static final String ODD = "tab\tnew\nline \"quoted\" back\\slash ünïcödé 🙂 \u0001 \u0000";

    @Test
    void every_field_comes_back_filled() {
        GenerationRecord g = new GenerationRecord("gen-1765000000-abc", Instant.parse("2026-12-07T10:15:30.123456789Z"),
                UUID.randomUUID(), UUID.randomUUID(), "openai/gpt-4o", "openai", "OpenAI", UUID.randomUUID(), "responses", ODD,
                1, 2, 3, 4, 5, true, Long.MAX_VALUE, Integer.MAX_VALUE, -1, true, true, "tool_calls", ODD, 499, "client_cancelled",
                ODD, ODD, ODD, ODD, "[{\"provider_name\":\"OpenAI\"}]", List.of("top_k", "", ODD), UUID.randomUUID(), UUID.randomUUID());
        assertThat(roundTrip(g)).isEqualTo(g);
    }

    @Test
    void every_nullable_field_comes_back_null() {
        GenerationRecord g = new GenerationRecord("gen-1765000000-abc", Instant.EPOCH, UUID.randomUUID(), UUID.randomUUID(),
                null, null, null, null, null, null, 0, 0, 0, 0, 0, false, 0, null, null, false, false, null, null, 200, null, null,
                null, null, null, null, null, null, null);
        assertThat(roundTrip(g)).isEqualTo(g);
        GenerationRecord noneDropped = new GenerationRecord("gen-1765000000-abd", Instant.EPOCH, null, null,
                "m", "p", "P", null, "chat", null, 0, 0, 0, 0, 0, false, 0, null, null, false, true, null, null, 200, null, null,
                null, null, null, null, List.of(), null, null);
        assertThat(roundTrip(noneDropped)).isEqualTo(noneDropped);
    }

    @Test
    void another_format_or_a_cut_frame_is_refused() {
        GenerationCodec.Out out = new GenerationCodec.Out();
        GenerationCodec.encode(new GenerationRecord("gen-1765000000-abc", Instant.EPOCH, UUID.randomUUID(), UUID.randomUUID(),
                "m", "p", "P", null, "chat", null, 0, 0, 0, 0, 0, false, 0, null, null, false, false, null, null, 200, null, null,
                null, null, null, null, List.of(), null, null), out);
        byte[] bytes = Arrays.copyOf(out.bytes, out.length);
        assertThatThrownBy(() -> GenerationCodec.decode(bytes, 0, bytes.length - 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut short");
        bytes[0] = 2;
        assertThatThrownBy(() -> GenerationCodec.decode(bytes, 0, bytes.length)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("journal format 2");
    }

    private static GenerationRecord roundTrip(GenerationRecord g) {
        GenerationCodec.Out out = new GenerationCodec.Out();
        out.bytes = new byte[8]; // grows as it must
        GenerationCodec.encode(g, out);
        byte[] framed = new byte[out.length + 10];
        System.arraycopy(out.bytes, 0, framed, 5, out.length);
        return GenerationCodec.decode(framed, 5, out.length);
    }
}
