package dev.switchboard.billing.tenancy;

import java.util.UUID;

/** Proof that a request carries a usable management key of a live organization: only {@link Tenancy} makes one. */
public record ManagementKeyAccess(UUID organizationId, UUID keyId) {
}
