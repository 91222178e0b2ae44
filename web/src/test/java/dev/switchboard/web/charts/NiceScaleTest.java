package dev.switchboard.web.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NiceScaleTest {

    static final BigDecimal NANO = new BigDecimal("0.000000001");

    @Test
    void dollars_get_round_steps_of_one_two_two_and_a_half_or_five() {
        NiceScale scale = NiceScale.of(new BigDecimal("0.0325"), NANO);
        assertThat(scale.step()).isEqualByComparingTo("0.01");
        assertThat(scale.top()).isEqualByComparingTo("0.04");
        assertThat(scale.ticks()).extracting(BigDecimal::toPlainString).containsExactly("0", "0.01", "0.02", "0.03", "0.04");

        assertThat(NiceScale.of(new BigDecimal("10"), NANO).ticks()).extracting(BigDecimal::toPlainString)
                .containsExactly("0", "2.5", "5", "7.5", "10");
        assertThat(NiceScale.of(new BigDecimal("1234.56"), NANO).step()).isEqualByComparingTo("500");
    }

    @Test
    void a_tick_is_never_finer_than_a_nano_dollar_nor_between_two() {
        // 3 nano-dollars: steps of 1 nano, not 0.75 or 2.5 nanos, which no cost can be and the labels would round
        NiceScale scale = NiceScale.of(new BigDecimal("0.000000003"), NANO);
        assertThat(scale.ticks()).extracting(BigDecimal::toPlainString)
                .containsExactly("0", "0.000000001", "0.000000002", "0.000000003");
        assertThat(NiceScale.of(new BigDecimal("0.00000001"), NANO).step()).isEqualByComparingTo("0.000000005");
    }

    @Test
    void counts_get_whole_steps() {
        assertThat(NiceScale.of(BigDecimal.valueOf(3), BigDecimal.ONE).ticks()).extracting(BigDecimal::toPlainString)
                .containsExactly("0", "1", "2", "3");
        assertThat(NiceScale.of(BigDecimal.valueOf(7), BigDecimal.ONE).ticks()).extracting(BigDecimal::toPlainString)
                .containsExactly("0", "2", "4", "6", "8");
        assertThat(NiceScale.of(BigDecimal.ONE, BigDecimal.ONE).ticks()).extracting(BigDecimal::toPlainString)
                .containsExactly("0", "1");
        // 2.5 is skipped for counts: 10 → steps of 5, not 2.5
        assertThat(NiceScale.of(BigDecimal.valueOf(9), BigDecimal.ONE).step()).isEqualByComparingTo("5");
    }

    @Test
    void nothing_to_draw_still_has_an_axis() {
        assertThat(NiceScale.of(BigDecimal.ZERO, BigDecimal.ONE).ticks()).extracting(BigDecimal::toPlainString).containsExactly("0", "1");
        assertThatThrownBy(() -> NiceScale.of(BigDecimal.valueOf(-1), BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_top_covers_the_maximum_in_two_to_six_ticks_of_the_quantum() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            BigDecimal max = BigDecimal.valueOf(1 + random.nextLong(1_000_000_000_000L), 9); // 1 nano-USD to $1,000
            NiceScale scale = NiceScale.of(max, NANO);
            List<BigDecimal> ticks = scale.ticks();
            assertThat(scale.top()).as("%s", max).isGreaterThanOrEqualTo(max);
            assertThat(ticks.size()).as("%s", max).isBetween(2, 6);
            assertThat(ticks.getLast()).isEqualByComparingTo(scale.top());
            ticks.forEach(t -> assertThat(t.remainder(NANO).signum()).as("%s tick %s", max, t).isZero());
            // the top is below twice the maximum: the tallest bar fills more than half the plot
            assertThat(scale.top()).as("%s", max).isLessThan(max.multiply(BigDecimal.valueOf(2)));
        }
    }
}
