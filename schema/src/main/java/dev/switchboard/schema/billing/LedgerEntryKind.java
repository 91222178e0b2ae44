package dev.switchboard.schema.billing;

import dev.switchboard.schema.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

/**
 * Why credit moved. Signs are enforced by the database: purchase and promo are positive, fee and refund
 * negative, usage zero or negative, adjustment either way.
 */
public enum LedgerEntryKind {
    PURCHASE, FEE, REFUND, ADJUSTMENT, PROMO, USAGE;

    @Converter
    public static class Column extends LowercaseEnumConverter<LedgerEntryKind> {
        public Column() {
            super(LedgerEntryKind.class);
        }
    }
}
