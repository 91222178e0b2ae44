package dev.switchboard.web.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.web.errors.WebException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsdInputTest {

    @Test
    void keeps_the_amount_as_typed_so_the_json_number_is_the_same() {
        assertThat(UsdInput.optional("amount", "10")).isEqualByComparingTo("10").hasToString("10");
        assertThat(UsdInput.optional("amount", " 10.50 ")).hasToString("10.50");
        assertThat(UsdInput.optional("amount", "$12.34")).hasToString("12.34");
        assertThat(UsdInput.optional("amount", ".5")).hasToString("0.5");
        assertThat(UsdInput.optional("amount", "7.")).hasToString("7");
        assertThat(UsdInput.optional("limit", "0.000001")).hasToString("0.000001");
    }

    @Test
    void passes_signs_and_too_many_decimals_on_for_the_service_to_refuse_in_its_words() {
        assertThat(UsdInput.optional("amount", "-5")).isEqualByComparingTo(new BigDecimal("-5"));
        assertThat(UsdInput.optional("amount", "5.001")).hasToString("5.001");
    }

    @Test
    void blank_is_none_or_required() {
        assertThat(UsdInput.optional("limit", null)).isNull();
        assertThat(UsdInput.optional("limit", "  ")).isNull();
        assertThatThrownBy(() -> UsdInput.required("amount", ""))
                .isInstanceOf(WebException.class).hasMessage("amount: is required (USD, e.g. 12.34)")
                .extracting(e -> ((WebException) e).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1e3", "1E+3", "12,50", "1,000", "1 000", "$-5", "--1", ".", "$", "0x10", "NaN",
            "Infinity", "10 USD", "1234567890123.5"})
    void refuses_what_is_no_plain_decimal(String typed) {
        assertThatThrownBy(() -> UsdInput.optional("amount", typed))
                .isInstanceOf(WebException.class).hasMessage("amount: must be a number of USD, e.g. 12.34");
    }
}
