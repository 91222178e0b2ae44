package dev.switchboard.web.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.web.clients.BillingClient.AutoTopUp;
import dev.switchboard.web.clients.BillingClient.Card;
import dev.switchboard.web.clients.BillingClient.Payment;
import dev.switchboard.web.errors.WebException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CheckoutReturnTest {

    @Test
    void paid_says_how_much_was_added() {
        Banner banner = CheckoutReturn.checkout("success", "cs_1", 0, () -> List.of(payment("cs_0", "paid"), payment("cs_1", "paid")));
        assertThat(banner.kind()).isEqualTo("ok");
        assertThat(banner.testId()).isEqualTo("checkout-result");
        assertThat(banner.text()).isEqualTo("Payment received: $10.00 added to your balance.");
        assertThat(banner.refreshUrl()).isNull();
        assertThat(CheckoutReturn.checkout("success", "cs_1", 3, () -> List.of(payment("cs_1", "partially_refunded"))).kind())
                .as("refunded since, but it was paid").isEqualTo("ok");
    }

    @Test
    void pending_reloads_every_two_seconds_for_about_half_a_minute_then_stops() {
        Banner first = CheckoutReturn.checkout("success", "cs_a/b&c", 0, () -> List.of(payment("cs_a/b&c", "pending")));
        assertThat(first.text()).startsWith("Payment processing");
        assertThat(first.refreshUrl()).isEqualTo("/credits?checkout=success&session_id=cs_a%2Fb%26c&poll=1");
        Banner last = CheckoutReturn.checkout("success", "cs_1", CheckoutReturn.MAX_POLLS - 1, () -> List.of(payment("cs_1", "pending")));
        assertThat(last.refreshUrl()).endsWith("&poll=" + CheckoutReturn.MAX_POLLS);
        Banner given = CheckoutReturn.checkout("success", "cs_1", CheckoutReturn.MAX_POLLS, () -> List.of(payment("cs_1", "pending")));
        assertThat(given.refreshUrl()).isNull();
        assertThat(given.text()).startsWith("Payment still processing");
        assertThat(CheckoutReturn.REFRESH_SECONDS * CheckoutReturn.MAX_POLLS).isEqualTo(30);
    }

    @Test
    void failed_and_expired_say_nothing_was_added() {
        Banner failed = CheckoutReturn.checkout("success", "cs_1", 0, () -> List.of(payment("cs_1", "failed")));
        assertThat(failed.kind()).isEqualTo("error");
        assertThat(failed.role()).isEqualTo("alert");
        assertThat(failed.text()).isEqualTo("Payment failed: Your card was declined. Nothing was added to your balance.");
        assertThat(CheckoutReturn.checkout("success", "cs_1", 0, () -> List.of(payment("cs_1", "expired"))).kind()).isEqualTo("error");
    }

    @Test
    void cancelled_is_neutral_and_reads_no_payments() {
        Banner banner = CheckoutReturn.checkout("cancelled", null, 0, () -> {
            throw new AssertionError("no payments needed");
        });
        assertThat(banner.kind()).isEqualTo("info");
        assertThat(banner.text()).isEqualTo("Checkout cancelled: nothing was charged.");
        assertThat(CheckoutReturn.checkout(null, "cs_1", 0, List::of)).isNull();
    }

    @Test
    void a_session_of_another_organization_is_the_404_and_bad_parameters_are_400() {
        assertThatThrownBy(() -> CheckoutReturn.checkout("success", "cs_other", 0, () -> List.of(payment("cs_1", "paid"))))
                .isInstanceOf(WebException.class).extracting(e -> ((WebException) e).status()).isEqualTo(404);
        assertThatThrownBy(() -> CheckoutReturn.checkout("success", " ", 0, List::of))
                .isInstanceOf(WebException.class).hasMessage("session_id: is required");
        assertThatThrownBy(() -> CheckoutReturn.checkout("done", "cs_1", 0, List::of))
                .isInstanceOf(WebException.class).hasMessage("checkout: must be success or cancelled");
        for (String poll : new String[] {"-1", "16", "x", ""}) {
            assertThatThrownBy(() -> CheckoutReturn.poll(poll)).isInstanceOf(WebException.class)
                    .extracting(e -> ((WebException) e).status()).isEqualTo(400);
        }
        assertThat(CheckoutReturn.poll(null)).isZero();
        assertThat(CheckoutReturn.poll("15")).isEqualTo(15);
    }

    @Test
    void a_saved_card_is_waited_for_like_a_payment() {
        AutoTopUp without = new AutoTopUp(false, null, null, null, null, false, null);
        AutoTopUp with = new AutoTopUp(false, null, null, new Card("visa", "4242"), null, false, null);
        Banner waiting = CheckoutReturn.card("card_saved", 0, () -> without);
        assertThat(waiting.testId()).isEqualTo("card-result");
        assertThat(waiting.refreshUrl()).isEqualTo("/credits?auto_topup=card_saved&poll=1");
        assertThat(CheckoutReturn.card("card_saved", 0, () -> with).text()).isEqualTo("Card saved for auto top-up: visa ending in 4242.");
        assertThat(CheckoutReturn.card("card_saved", CheckoutReturn.MAX_POLLS, () -> without).refreshUrl()).isNull();
        assertThat(CheckoutReturn.card("cancelled", 0, () -> with).kind()).isEqualTo("info");
        assertThatThrownBy(() -> CheckoutReturn.card("saved", 0, () -> with)).isInstanceOf(WebException.class);
    }

    static Payment payment(String sessionId, String status) {
        return new Payment(UUID.randomUUID(), "checkout", status, BigDecimal.TEN, new BigDecimal("0.8"), new BigDecimal("10.8"),
                BigDecimal.ZERO, BigDecimal.ZERO, "usd", "failed".equals(status) ? "Your card was declined." : null,
                OffsetDateTime.now(), null, sessionId);
    }
}
