package dev.switchboard.schema.accounts;

import dev.switchboard.schema.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

/** Roles within an organization, from most to least powerful. */
public enum MemberRole {
    OWNER, ADMIN, MEMBER;

    @Converter
    public static class Column extends LowercaseEnumConverter<MemberRole> {
        public Column() {
            super(MemberRole.class);
        }
    }
}
