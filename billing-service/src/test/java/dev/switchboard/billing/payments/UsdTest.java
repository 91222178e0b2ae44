package dev.switchboard.billing.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.billing.api.BillingException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsdTest {

    @Test
    void writes_plain_exact_decimals_and_converts_cents_exactly() {
        assertThat(Usd.of(5_800_000_000L).toPlainString()).isEqualTo("5.8");
        assertThat(Usd.of(10_550_000_000_000L).toPlainString()).isEqualTo("10550");
        assertThat(Usd.of(1).toPlainString()).isEqualTo("0.000000001");
        assertThat(Usd.cents(15_340_000_000L)).isEqualTo(1534);
        assertThat(Usd.nanosOfCents(1534)).isEqualTo(15_340_000_000L);
        assertThatThrownBy(() -> Usd.cents(15_340_000_001L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_request_amount_must_be_positive_whole_cents() {
        assertThat(Usd.wholeCents("amount", new BigDecimal("12.30"))).isEqualTo(12_300_000_000L);
        for (String bad : new String[] {"0", "-1", "1.001"}) {
            assertThatThrownBy(() -> Usd.wholeCents("amount", new BigDecimal(bad)))
                    .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.metadata()).containsEntry("field", "amount"));
        }
        assertThatThrownBy(() -> Usd.wholeCents("amount", null)).isInstanceOf(BillingException.class);
        assertThatThrownBy(() -> Usd.parse("amount", "12,34")).isInstanceOf(BillingException.class);
    }
}
