package dev.switchboard.schema.billing;

import dev.switchboard.schema.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

/**
 * requested: written, Stripe not answered yet; pending: Stripe accepted it, its webhook not seen yet; succeeded:
 * the webhook wrote the ledger entry; failed: Stripe refused it.
 */
public enum PaymentRefundStatus {
    REQUESTED, PENDING, SUCCEEDED, FAILED;

    @Converter
    public static class Column extends LowercaseEnumConverter<PaymentRefundStatus> {
        public Column() {
            super(PaymentRefundStatus.class);
        }
    }
}
