package dev.switchboard.schema.accounts;

import dev.switchboard.schema.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

/** When a key's credit limit starts over (midnight UTC; weeks run Monday to Sunday). */
public enum LimitReset {
    DAILY, WEEKLY, MONTHLY;

    @Converter
    public static class Column extends LowercaseEnumConverter<LimitReset> {
        public Column() {
            super(LimitReset.class);
        }
    }
}
