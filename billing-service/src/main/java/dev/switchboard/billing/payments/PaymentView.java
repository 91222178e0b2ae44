package dev.switchboard.billing.payments;

import dev.switchboard.schema.billing.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A purchase or auto top-up as the dashboard lists it. USD: {@code credit} bought, {@code fee} charged on top,
 * {@code total} = what the card paid, {@code refunded} = what went back to the card so far (refunds Stripe reported),
 * {@code refundPending} = refunds asked for that Stripe has not reported yet. {@code sessionId} is a purchase's Checkout
 * Session (null for auto top-ups and before Stripe answered): the dashboard finds the payment a buyer came back from by
 * the {@code session_id} of its success URL.
 */
public record PaymentView(UUID id, String source, String status, BigDecimal credit, BigDecimal fee, BigDecimal total,
                          BigDecimal refunded, BigDecimal refundPending, String currency, String failureReason,
                          Instant createdAt, Instant completedAt, String sessionId) {

    static PaymentView from(Payment p, long refundedNanos, long refundPendingNanos) {
        return new PaymentView(p.id, p.source.name().toLowerCase(Locale.ROOT), p.status.name().toLowerCase(Locale.ROOT),
                Usd.of(p.creditNanos), Usd.of(p.feeNanos), Usd.of(p.creditNanos + p.feeNanos), Usd.of(refundedNanos),
                Usd.of(refundPendingNanos), p.currency, p.failureReason, p.createdAt, p.completedAt, p.stripeSessionId);
    }
}
