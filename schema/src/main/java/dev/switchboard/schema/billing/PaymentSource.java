package dev.switchboard.schema.billing;

import dev.switchboard.schema.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

public enum PaymentSource {
    CHECKOUT, AUTO_TOPUP;

    @Converter
    public static class Column extends LowercaseEnumConverter<PaymentSource> {
        public Column() {
            super(PaymentSource.class);
        }
    }
}
