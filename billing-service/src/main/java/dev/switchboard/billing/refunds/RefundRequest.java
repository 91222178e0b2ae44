package dev.switchboard.billing.refunds;

import java.math.BigDecimal;

/** Body of {@code POST /organizations/{org}/payments/{payment}/refund}: USD, whole cents; absent = all that is refundable. */
public record RefundRequest(BigDecimal amount) {
}
