package dev.switchboard.accounts.organizations;

import dev.switchboard.accounts.api.AccountsException;

/** The rules of an organization's name, checked before anything is written (the table's CHECK is 1 to 100 characters). */
final class OrganizationName {

    static final int MAX_LENGTH = 100;

    private OrganizationName() {
    }

    /** {@code raw} without surrounding blanks, or a 400 naming {@code field}. */
    static String valid(String field, String raw) {
        if (raw == null) {
            throw AccountsException.badRequest(field, "is required");
        }
        String name = raw.strip();
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_LENGTH) {
            throw AccountsException.badRequest(field, "must be 1 to " + MAX_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw AccountsException.badRequest(field, "must not contain control characters");
        }
        return name;
    }
}
