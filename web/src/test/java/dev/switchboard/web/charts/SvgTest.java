package dev.switchboard.web.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SvgTest {

    @Test
    void markup_characters_are_escaped_and_characters_xml_cannot_hold_replaced() {
        assertThat(Svg.escape("<a href=\"x\">Tom & Jerry's</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
        assertThat(Svg.escape("a\u0000b\u0008c\td\ne\rf\uFFFEg")).isEqualTo("a\uFFFDb\uFFFDc\td\ne\rf\uFFFDg");
        assertThat(Svg.escape("lone \uD800 surrogate, pair 😀")).isEqualTo("lone \uFFFD surrogate, pair 😀");
    }

    @Test
    void numbers_have_two_decimals_and_no_exponent() {
        assertThat(Svg.number(1e-9)).isEqualTo("0.00");
        assertThat(Svg.number(-1e-9)).isEqualTo("0.00");
        assertThat(Svg.number(123.456)).isEqualTo("123.46");
        assertThat(Svg.number(1e7)).isEqualTo("10000000.00");
    }
}
