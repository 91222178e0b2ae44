package dev.switchboard.billing.autotopup;

import dev.switchboard.billing.payments.Usd;
import dev.switchboard.schema.billing.AutoTopUp;
import dev.switchboard.schema.billing.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * An organization's auto top-up (USD): on when {@code enabled}, buying {@code amount} of credit (+ the purchase fee)
 * with the saved {@code card} when the balance falls below {@code threshold}. {@code lastError} is why it turned itself
 * off (Stripe's decline message); {@code inFlight} is true while a top-up is being charged; {@code lastTopUp} is the
 * newest auto top-up payment.
 */
public record AutoTopUpView(boolean enabled, BigDecimal threshold, BigDecimal amount, Card card, String lastError,
                            boolean inFlight, LastTopUp lastTopUp) {

    /** The saved card: brand and last four digits only. */
    public record Card(String brand, String last4) {
    }

    public record LastTopUp(UUID paymentId, String status, BigDecimal credit, BigDecimal fee, String failureReason,
                            Instant createdAt, Instant completedAt) {
    }

    static AutoTopUpView of(AutoTopUp row, Payment last) {
        LastTopUp lastTopUp = last == null ? null : new LastTopUp(last.id, last.status.name().toLowerCase(Locale.ROOT),
                Usd.of(last.creditNanos), Usd.of(last.feeNanos), last.failureReason, last.createdAt, last.completedAt);
        if (row == null) {
            return new AutoTopUpView(false, null, null, null, null, false, lastTopUp);
        }
        Card card = row.stripePaymentMethodId == null ? null : new Card(row.cardBrand, row.cardLast4);
        return new AutoTopUpView(row.enabled, Usd.of(row.thresholdNanos), Usd.of(row.amountNanos), card, row.lastError,
                row.inFlightPaymentId != null, lastTopUp);
    }
}
