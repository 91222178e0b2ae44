package dev.switchboard.web.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The formatters the log and the catalog added (see the "logs and models" block of {@link Formats}). */
class FormatsLogsAndModelsTest {

    @Test
    void durations_and_throughput() {
        assertThat(Formats.millis(null)).isEqualTo("—");
        assertThat(Formats.millis(0)).isEqualTo("0 ms");
        assertThat(Formats.millis(1234)).isEqualTo("1,234 ms");
        assertThat(Formats.tokensPerSecond(50, 2000)).isEqualTo("25.0 tokens/s");
        assertThat(Formats.tokensPerSecond(1, 3)).isEqualTo("333.3 tokens/s");
        assertThat(Formats.tokensPerSecond(50, 0)).isEqualTo("—");
        assertThat(Formats.tokensPerSecond(50, null)).isEqualTo("—");
    }

    @Test
    void catalog_prices_are_exact() {
        assertThat(Formats.usdPerMillionTokens(2_500_000)).isEqualTo("$2.50");
        assertThat(Formats.usdPerMillionTokens(18_750)).isEqualTo("$0.01875");
        assertThat(Formats.usdPerMillionTokens(1)).isEqualTo("$0.000001");
        assertThat(Formats.usdPerMillionTokens(0)).isEqualTo("$0.00");
        assertThat(Formats.usdPerMillionTokens(15_000_000_000L)).isEqualTo("$15,000.00");
        assertThat(Formats.usdPicos(5_000_000_000L)).isEqualTo("$0.005");
        assertThat(Formats.usdPicos(1_000)).isEqualTo("$0.000000001");
        assertThat(Formats.usdPicos(1)).isEqualTo("$0.000000000001");
    }

    @Test
    void uptime_never_rounds_a_failure_up_to_100_percent() {
        assertThat(Formats.uptime(0, 0)).isEqualTo("no data");
        assertThat(Formats.uptime(10, 0)).isEqualTo("100%");
        assertThat(Formats.uptime(2000, 1)).isEqualTo("99.95%");
        assertThat(Formats.uptime(100_000, 1)).isEqualTo("99.99%");
        assertThat(Formats.uptime(3, 1)).isEqualTo("66.66%");
        assertThat(Formats.uptime(4, 2)).isEqualTo("50%");
        assertThat(Formats.uptime(4, 4)).isEqualTo("0%");
    }
}
