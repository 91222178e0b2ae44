package dev.switchboard.accounts.organizations;

import dev.switchboard.accounts.tenancy.OrganizationAccess;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** An organization as its member sees it: {@code kind} is personal or team, {@code role} the caller's own. */
public record OrganizationView(UUID id, String name, String kind, String role, Instant createdAt) {

    public static OrganizationView from(OrganizationAccess access) {
        return new OrganizationView(access.organization().id, access.organization().name,
                access.organization().kind.name().toLowerCase(Locale.ROOT), access.role().name().toLowerCase(Locale.ROOT),
                access.organization().createdAt);
    }
}
