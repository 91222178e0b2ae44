package dev.switchboard.accounts.apikeys;

import dev.switchboard.schema.accounts.ApiKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A key as the dashboard shows it; never its secret. Money in USD: {@code limit} (null = none) per
 * {@code limitReset} period (null = never resets), {@code usagePeriod} spent in the current period (all time when the
 * limit never resets), {@code limitRemaining} what is left of it, {@code usageTotal} all time. {@code rateLimitRpm}
 * and {@code rateLimitTpm}: requests and tokens per minute, null = the gateway's default for keys.
 */
public record ApiKeyView(UUID id, String name, String label, Creator creator, BigDecimal limit, String limitReset,
        BigDecimal limitRemaining, BigDecimal usagePeriod, BigDecimal usageTotal, Integer rateLimitRpm, Long rateLimitTpm,
        boolean disabled, boolean management, Instant expiresAt, Instant lastUsedAt, Instant createdAt, Instant updatedAt) {

    /** Who created the key; null when the user is gone. */
    public record Creator(UUID id, String email) {
    }

    static ApiKeyView from(ApiKey key, String creatorEmail, KeyUsage usage) {
        return new ApiKeyView(key.id, key.name, key.displayPrefix,
                key.createdBy == null ? null : new Creator(key.createdBy, creatorEmail),
                Usd.of(key.limitNanos),
                key.limitReset == null ? null : key.limitReset.name().toLowerCase(Locale.ROOT),
                Usd.of(usage.remaining(key.limitNanos, key.limitReset)),
                Usd.of(usage.inPeriod(key.limitReset)), Usd.of(usage.total()), key.rateLimitRpm, key.rateLimitTpm,
                key.disabled, key.management, key.expiresAt, key.lastUsedAt, key.createdAt, key.updatedAt);
    }
}
