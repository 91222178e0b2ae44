package dev.switchboard.schema.billing;

import dev.switchboard.schema.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

public enum PaymentStatus {
    PENDING, PAID, FAILED, EXPIRED, REFUNDED, PARTIALLY_REFUNDED;

    @Converter
    public static class Column extends LowercaseEnumConverter<PaymentStatus> {
        public Column() {
            super(PaymentStatus.class);
        }
    }
}
