package dev.switchboard.billing.autotopup;

import java.math.BigDecimal;

/**
 * Body of {@code PUT /organizations/{org}/auto-topup}, every field required: when the balance falls below
 * {@code threshold} USD, buy {@code amount} USD of credit (purchase bounds and fee as a Checkout purchase) with the
 * saved card.
 */
public record UpdateAutoTopUpRequest(Boolean enabled, BigDecimal threshold, BigDecimal amount) {
}
