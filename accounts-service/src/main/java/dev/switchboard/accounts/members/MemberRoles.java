package dev.switchboard.accounts.members;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.schema.accounts.MemberRole;
import java.util.Locale;
import java.util.Map;

/** Roles as clients write them ({@code "owner"}, {@code "admin"}, {@code "member"}) and the rules of who may grant what. */
public final class MemberRoles {

    private MemberRoles() {
    }

    /** {@code raw} as a role, or a 400 naming {@code field}. */
    public static MemberRole parse(String field, String raw) {
        if (raw == null) {
            throw AccountsException.badRequest(field, "is required");
        }
        for (MemberRole role : MemberRole.values()) {
            if (name(role).equals(raw)) {
                return role;
            }
        }
        throw AccountsException.badRequest(field, "must be one of owner, admin, member");
    }

    public static String name(MemberRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** Only an owner makes owners (by role change or invitation). */
    public static void requireMayGrant(MemberRole callerRole, MemberRole granted) {
        if (granted == MemberRole.OWNER && callerRole != MemberRole.OWNER) {
            throw AccountsException.forbidden("Only an owner can make someone an owner",
                    Map.of("required_role", name(MemberRole.OWNER), "role", name(callerRole)));
        }
    }
}
