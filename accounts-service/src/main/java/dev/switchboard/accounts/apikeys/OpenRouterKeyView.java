package dev.switchboard.accounts.apikeys;

import dev.switchboard.schema.accounts.ApiKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * OpenRouter's Key object, every field the official SDK requires ({@code /work/shared/reference/openrouter-sdk.md} §4):
 * {@code hash} is the key's SHA-256, {@code workspaceId} the organization id; money in USD. Switchboard has no BYOK,
 * so the byok figures are 0 and {@code includeByokInLimit} false; {@code externalUser} is always null.
 */
public record OpenRouterKeyView(String hash, String name, String label, boolean disabled, BigDecimal limit,
        BigDecimal limitRemaining, String limitReset, boolean includeByokInLimit, BigDecimal usage, BigDecimal usageDaily,
        BigDecimal usageWeekly, BigDecimal usageMonthly, BigDecimal byokUsage, BigDecimal byokUsageDaily,
        BigDecimal byokUsageWeekly, BigDecimal byokUsageMonthly, Instant createdAt, Instant updatedAt,
        String creatorUserId, String externalUser, String workspaceId, Instant expiresAt) {

    static OpenRouterKeyView from(ApiKey key, KeyUsage usage) {
        BigDecimal zero = BigDecimal.ZERO;
        return new OpenRouterKeyView(key.keyHash, key.name, key.displayPrefix, key.disabled, Usd.of(key.limitNanos),
                Usd.of(usage.remaining(key.limitNanos, key.limitReset)),
                key.limitReset == null ? null : key.limitReset.name().toLowerCase(Locale.ROOT), false,
                Usd.of(usage.total()), Usd.of(usage.daily()), Usd.of(usage.weekly()), Usd.of(usage.monthly()),
                zero, zero, zero, zero, key.createdAt, key.updatedAt,
                key.createdBy == null ? null : key.createdBy.toString(), null, key.organizationId.toString(), key.expiresAt);
    }

    /** {@code {"data": Key}} */
    public record One(OpenRouterKeyView data) {
    }

    /** {@code {"data": [Key]}} */
    public record Many(java.util.List<OpenRouterKeyView> data) {
    }

    /** {@code {"data": Key, "key": "sk-sb-v1-…"}}, the answer of a creation: the secret, this once. */
    public record Created(OpenRouterKeyView data, String key) {
    }

    /** {@code {"deleted": true}} */
    public record Deleted(boolean deleted) {
    }
}
