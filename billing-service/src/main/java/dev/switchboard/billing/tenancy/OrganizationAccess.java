package dev.switchboard.billing.tenancy;

import dev.switchboard.schema.accounts.MemberRole;
import java.util.UUID;

/** Proof that the caller (a user) belongs to a live organization, with their role in it: only {@link Tenancy} makes one. */
public record OrganizationAccess(UUID organizationId, UUID userId, MemberRole role) {
}
