package dev.switchboard.schema.accounts;

import dev.switchboard.schema.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

/** A personal organization belongs to one user; a team organization has members. */
public enum OrganizationKind {
    PERSONAL, TEAM;

    @Converter
    public static class Column extends LowercaseEnumConverter<OrganizationKind> {
        public Column() {
            super(OrganizationKind.class);
        }
    }
}
