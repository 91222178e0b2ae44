package dev.switchboard.accounts.tenancy;

import dev.switchboard.schema.accounts.MemberRole;
import dev.switchboard.schema.accounts.Organization;

/** Proof that the caller belongs to a live organization, with their role in it: only {@link Tenancy} makes one. */
public record OrganizationAccess(Organization organization, MemberRole role) {
}
