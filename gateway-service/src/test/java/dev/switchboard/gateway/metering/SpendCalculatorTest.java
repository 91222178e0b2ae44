package dev.switchboard.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The token estimate runs on an event loop over texts of megabytes: one pass, nothing allocated, and the same
 * figure as the definition it replaces (one token per 4 UTF-8 bytes, at least one per whitespace-separated word).
 */
class SpendCalculatorTest {

    static List<String> texts() {
        return List.of("", " ", "a", "a ", " a", "hello world", "  many   spaces\there\nand\r\nlines  ", "a b c d e f g h i j",
                "é", "日本語のテキスト", "emoji 😀 pair", "lone \uD800 surrogate", "\uDC00 low first", "x".repeat(1_000),
                "a ".repeat(500), "\u000B\f mixed \u00A0 nbsp", "tail\uD83D");
    }

    /** What the estimate was defined as before it became one pass (it allocated the encoded text and every word). */
    private static int definition(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        int words = text.trim().isEmpty() ? 0 : text.trim().split("\\s+").length;
        return Math.max((bytes + 3) / 4, words);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void the_one_pass_estimate_equals_the_definition(String text) {
        assertThat(TokenEstimator.count(text)).isEqualTo(definition(text));
        assertThat(TokenEstimator.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void pieces_count_as_their_concatenation() {
        String a = "Say hello";
        String b = "to me\n";
        String c = "日本 😀";
        assertThat(new TokenEstimator.TokenCount().add(a).add(b).add(c).tokens()).isEqualTo(definition(a + b + c));
        assertThat(new TokenEstimator.TokenCount().add("ab").add("cd").tokens()).as("a word may span pieces").isEqualTo(definition("abcd"));
    }

    @Test
    void estimating_four_megabytes_allocates_nothing() {
        String big = "a ".repeat(2 * 1024 * 1024);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        TokenEstimator.count(big); // warm up (class loading allocates)
        long before = threads.getThreadAllocatedBytes(id);
        int tokens = TokenEstimator.count(big);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(tokens).isEqualTo(2 * 1024 * 1024);
        assertThat(allocated).as("bytes allocated while estimating 4 MiB").isLessThan(1_024);
    }
}
