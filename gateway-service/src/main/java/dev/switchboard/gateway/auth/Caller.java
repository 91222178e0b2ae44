package dev.switchboard.gateway.auth;

import dev.switchboard.schema.accounts.LimitReset;
import java.time.Instant;
import java.util.UUID;

/**
 * The authenticated caller of a request: an API key of an organization.
 *
 * @param limitNanos   null = no spending limit on the key
 * @param rateLimitRpm the key's own requests per minute; null = the configured default for keys
 * @param rateLimitTpm the key's own tokens per minute; null = the configured default for keys
 */
public record Caller(UUID organizationId, UUID apiKeyId, String keyHash, String label, String name, Long limitNanos,
                     LimitReset limitReset, Instant expiresAt, boolean management, UUID createdBy, Integer rateLimitRpm,
                     Long rateLimitTpm) {
}
