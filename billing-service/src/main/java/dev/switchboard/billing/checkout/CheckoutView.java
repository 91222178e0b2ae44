package dev.switchboard.billing.checkout;

import java.math.BigDecimal;
import java.util.UUID;

/** A started purchase: send the buyer to {@code checkoutUrl} (Stripe's hosted page). Money in USD. */
public record CheckoutView(UUID paymentId, String checkoutUrl, String sessionId, BigDecimal credit, BigDecimal fee, BigDecimal total) {
}
