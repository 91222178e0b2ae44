package dev.switchboard.accounts.tenancy;

import dev.switchboard.schema.accounts.ApiKey;
import dev.switchboard.schema.accounts.Organization;

/** Proof that a request carries a usable management key of a live organization: only {@link Tenancy} makes one. */
public record ManagementAccess(Organization organization, ApiKey managementKey) {
}
