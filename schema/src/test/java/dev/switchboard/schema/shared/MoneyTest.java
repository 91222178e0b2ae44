package dev.switchboard.schema.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void converts_usd_strings_to_nanos_exactly() {
        assertThat(NanoUsd.parseUsd("10").nanos()).isEqualTo(10_000_000_000L);
        assertThat(NanoUsd.parseUsd("0.000000001").nanos()).isEqualTo(1L);
        assertThat(NanoUsd.ofCents(1234).toUsdString()).isEqualTo("12.34");
        assertThat(NanoUsd.of(4_200).toUsdString()).isEqualTo("0.0000042");
        assertThatThrownBy(() -> NanoUsd.parseUsd("0.0000000001")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void converts_per_million_quotes_to_pico_per_token_exactly() {
        assertThat(PicoUsd.perTokenFromUsdPerMillion("2.50").picos()).isEqualTo(2_500_000L);
        assertThat(PicoUsd.perTokenFromUsdPerMillion("0.01875").picos()).isEqualTo(18_750L);
        assertThat(PicoUsd.perTokenFromUsdPerMillion("2.50").toUsdPerTokenString()).isEqualTo("0.0000025");
        assertThat(PicoUsd.perTokenFromUsdPerMillion("0.01875").toUsdPerMillionString()).isEqualTo("0.01875");
        assertThatThrownBy(() -> PicoUsd.perTokenFromUsdPerMillion("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PicoUsd.perTokenFromUsdPerMillion("0.0000001")).isInstanceOf(IllegalArgumentException.class);
    }
}
