package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FakeDirectivesTest {

    @Test
    void reads_every_directive_from_the_text() {
        Directives d = Directives.parse("gpt-4o", "a [[error:429]] [[hang]] [[slow:10]] [[chunk-delay:20]]"
                + " [[malformed]] [[midstream-error]] [[no-usage]] [[cached:3]] [[reasoning:4]] [[words:5]]"
                + " [[retry-after:6]]");

        assertThat(d).isEqualTo(new Directives(429, true, 10, 20, true, true, true, 3, 4, 5, 6));
    }

    @Test
    void reads_the_model_name_form_between_separators() {
        assertThat(Directives.parse("fake-fail-503", null).errorStatus()).isEqualTo(503);
        assertThat(Directives.parse("fake-hang", null).hang()).isTrue();
        assertThat(Directives.parse("fake-chunk-delay-25-words-40", null))
                .extracting(Directives::chunkDelayMillis, Directives::words).containsExactly(25L, 40);
        assertThat(Directives.parse("vendor/fake-no-usage", null).noUsage()).isTrue();
        assertThat(Directives.parse("fake-fail-429-retry-after-30", null))
                .extracting(Directives::errorStatus, Directives::retryAfterSeconds).containsExactly(429, 30);
        assertThat(Directives.parse("changer-slowly-2", null)).isEqualTo(Directives.NONE);
    }

    @Test
    void the_text_wins_over_the_model_name_and_no_directive_means_defaults() {
        assertThat(Directives.parse("fake-words-7", "[[words:2]]").words()).isEqualTo(2);
        assertThat(Directives.parse("gpt-4o", "plain text").fillerWords()).isEqualTo(Directives.DEFAULT_WORDS);
        assertThat(Directives.parse(null, "[[WORDS:99999]]").fillerWords()).isEqualTo(Directives.MAX_WORDS);
        assertThat(Directives.parse(null, "[[error:200]]").errorStatus()).isZero();
        assertThat(Directives.parse("gpt-4o", "plain text").retryAfterSeconds()).isEqualTo(-1);
    }

    @Test
    void a_fault_rule_replaces_what_it_sets_adds_its_flags_and_keeps_the_rest() {
        Directives request = Directives.parse("fake-words-3", "[[error:500]] [[slow:10]] [[chunk-delay:5]]"
                + " [[retry-after:4]] [[cached:2]]");

        Directives merged = request.with(Fault.NONE.withError(503).withSlow(70).withHang().withMalformed()
                .withMidstreamError());

        assertThat(merged).isEqualTo(new Directives(503, true, 70, 5, true, true, false, 2, 0, 3, 4));
        assertThat(request.with(Fault.NONE.withChunkDelay(9).withRetryAfter(0)))
                .extracting(Directives::errorStatus, Directives::chunkDelayMillis, Directives::retryAfterSeconds)
                .containsExactly(500, 9L, 0);
        assertThat(request.with(null)).isSameAs(request);
        assertThat(request.with(Fault.NONE)).isEqualTo(request);
    }
}
