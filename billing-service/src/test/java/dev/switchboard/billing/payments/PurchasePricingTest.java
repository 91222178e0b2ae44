package dev.switchboard.billing.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.billing.api.BillingException;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PurchasePricingTest {

    /** The shipped defaults: $5 to $10,000, 5.5 % with a $0.80 floor. */
    private final PurchasePricing pricing = new PurchasePricing(new BigDecimal("5"), new BigDecimal("10000"),
            new BigDecimal("5.5"), new BigDecimal("0.80"));

    @ParameterizedTest
    @CsvSource({
            // amount,  credit nanos,          fee nanos,         why
            "5.00,      5000000000,            800000000",      // 0.275 → floor 0.80
            "14.54,     14540000000,           800000000",      // 0.7997 → 0.80 = the floor exactly
            "14.55,     14550000000,           800000000",      // 0.80025 → 0.80
            "14.64,     14640000000,           810000000",      // 0.8052 → 0.81: above the floor
            "15.00,     15000000000,           830000000",      // 0.825 → 0.83: half-up, not half-even
            "12.34,     12340000000,           800000000",
            "100,       100000000000,          5500000000",
            "10000,     10000000000000,        550000000000",   // the maximum: exactly $550.00
    })
    void fee_is_the_percentage_rounded_half_up_to_the_cent_with_a_floor(String amount, long credit, long fee) {
        PurchasePricing.Price price = pricing.price("amount", new BigDecimal(amount));
        assertThat(price.creditNanos()).isEqualTo(credit);
        assertThat(price.feeNanos()).isEqualTo(fee);
        assertThat(price.totalNanos()).isEqualTo(credit + fee);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.99", "10000.01", "5.001", "0", "-5", "12.345"})
    void refuses_amounts_outside_the_bounds_or_finer_than_a_cent_naming_the_field(String amount) {
        assertThatThrownBy(() -> pricing.price("amount", new BigDecimal(amount)))
                .isInstanceOfSatisfying(BillingException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.metadata()).containsEntry("field", "amount");
                    assertThat(e.getMessage()).startsWith("amount: ");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.0000", "10000.00", "7.10"})
    void trailing_zeros_are_whole_cents(String amount) {
        assertThat(pricing.price("amount", new BigDecimal(amount)).creditNanos() % Usd.NANOS_PER_CENT).isZero();
    }
}
