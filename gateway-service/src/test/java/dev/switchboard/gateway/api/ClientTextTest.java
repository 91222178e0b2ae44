package dev.switchboard.gateway.api;

import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.gateway.errors.ApiException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientTextTest {

    @Test
    void accepts_tabs_line_breaks_and_any_other_unicode_up_to_the_limit() {
        String text = "a\tb\nc\r\n é 中 😀 \u0085 \uFFFD";
        assertThat(ClientText.check("user", text, text.codePointCount(0, text.length()))).isEqualTo(text);
        assertThat(ClientText.check("user", null, 5)).isNull();
        assertThat(ClientText.check("user", "", 5)).isEmpty();
    }

    @Test
    void counts_characters_not_utf16_units() {
        String emoji = "😀".repeat(4); // 8 UTF-16 units, 4 characters
        assertThat(ClientText.check("user", emoji, 4)).isEqualTo(emoji);
        assertThatThrownBy(() -> ClientText.check("user", emoji + "x", 4))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.metadata()).containsEntry("field", "user");
                    assertThat(e.getMessage()).isEqualTo("user: must be at most 4 characters (it has 5)");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "a\u0001", "ab\u001Fc", "\u007F", "x\u001B[31m"})
    void refuses_control_characters_other_than_tab_and_line_breaks(String text) {
        assertThatThrownBy(() -> ClientText.check("X-Title header", text, 100))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.metadata()).containsEntry("field", "X-Title header");
                    assertThat(e.getMessage()).startsWith("X-Title header: must not contain control characters (U+00");
                    text.chars().filter(c -> c < 0x20 || c == 0x7F)
                            .forEach(c -> assertThat(e.getMessage()).doesNotContain(String.valueOf((char) c)));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "a\uDE00", "\uDE00\uD83D", "ok\uD83Dx"})
    void refuses_unpaired_surrogates(String text) {
        assertThatThrownBy(() -> ClientText.check("metadata.user_id", text, 100))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .startsWith("metadata.user_id: must not contain an unpaired UTF-16 surrogate (U+D"));
    }
}
