package dev.switchboard.billing.refunds;

import java.math.BigDecimal;

/**
 * A refund asked of Stripe: {@code refundId} is Stripe's ({@code re_…}), {@code amount} USD, {@code status}
 * {@code pending} until Stripe's webhook reports it and the refund entry is in the ledger ({@code succeeded}).
 */
public record RefundView(String refundId, BigDecimal amount, String status) {
}
