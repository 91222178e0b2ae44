package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FakeDirectivesTest {

    @Test
    void reads_every_directive_from_the_text() {
        Directives d = Directives.parse("gpt-4o", "a [[error:429]] [[hang]] [[slow:10]] [[chunk-delay:20]]"
                + " [[malformed]] [[midstream-error]] [[no-usage]] [[cached:3]] [[reasoning:4]] [[words:5]]");

        assertThat(d).isEqualTo(new Directives(429, true, 10, 20, true, true, true, 3, 4, 5));
    }

    @Test
    void reads_the_model_name_form_between_separators() {
        assertThat(Directives.parse("fake-fail-503", null).errorStatus()).isEqualTo(503);
        assertThat(Directives.parse("fake-hang", null).hang()).isTrue();
        assertThat(Directives.parse("fake-chunk-delay-25-words-40", null))
                .extracting(Directives::chunkDelayMillis, Directives::words).containsExactly(25L, 40);
        assertThat(Directives.parse("vendor/fake-no-usage", null).noUsage()).isTrue();
        assertThat(Directives.parse("changer-slowly-2", null)).isEqualTo(Directives.NONE);
    }

    @Test
    void the_text_wins_over_the_model_name_and_no_directive_means_defaults() {
        assertThat(Directives.parse("fake-words-7", "[[words:2]]").words()).isEqualTo(2);
        assertThat(Directives.parse("gpt-4o", "plain text").fillerWords()).isEqualTo(Directives.DEFAULT_WORDS);
        assertThat(Directives.parse(null, "[[WORDS:99999]]").fillerWords()).isEqualTo(Directives.MAX_WORDS);
        assertThat(Directives.parse(null, "[[error:200]]").errorStatus()).isZero();
    }
}
