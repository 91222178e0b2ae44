package dev.switchboard.billing.checkout;

import java.math.BigDecimal;

/** Body of {@code POST /organizations/{org}/checkout}: the credit to buy, in USD (whole cents); the fee comes on top. */
public record CheckoutRequest(BigDecimal amount) {
}
