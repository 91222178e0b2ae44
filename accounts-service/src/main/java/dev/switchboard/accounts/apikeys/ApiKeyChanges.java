package dev.switchboard.accounts.apikeys;

import dev.switchboard.accounts.api.AccountsException;
import dev.switchboard.schema.accounts.ApiKey;
import dev.switchboard.schema.accounts.LimitReset;
import dev.switchboard.shared.keys.ApiKeys;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * How a key is issued and changed, shared by the dashboard API and the OpenRouter key API: every field is checked
 * (400 naming it) before the entity is touched, so a refused request changes nothing.
 */
final class ApiKeyChanges {

    /** A new key and its secret, which exists only in this answer. */
    record Issued(ApiKey key, String secret) {
    }

    private ApiKeyChanges() {
    }

    /** A new, not yet persisted key; {@code limit} in USD; null rate limits are the gateway's defaults. */
    static Issued issue(UUID organizationId, UUID createdBy, String name, BigDecimal limit, String limitReset,
            String expiresAt, BigDecimal rateLimitRpm, BigDecimal rateLimitTpm, boolean management, Instant now) {
        ApiKey key = new ApiKey();
        key.name = ApiKeyRules.name(name);
        key.limitNanos = limit == null ? null : Usd.limitNanos("limit", limit);
        key.limitReset = ApiKeyRules.limitReset(limitReset);
        ApiKeyRules.resetNeedsLimit(key.limitNanos, key.limitReset);
        key.expiresAt = ApiKeyRules.expiresAt(expiresAt, now);
        key.rateLimitRpm = ApiKeyRules.rateLimitRpm(rateLimitRpm);
        key.rateLimitTpm = ApiKeyRules.rateLimitTpm(rateLimitTpm);
        key.management = management;
        String secret = ApiKeys.generate();
        key.id = UUID.randomUUID();
        key.organizationId = organizationId;
        key.createdBy = createdBy;
        key.keyHash = ApiKeys.hash(secret);
        key.displayPrefix = ApiKeys.label(secret);
        key.createdAt = now;
        return new Issued(key, secret);
    }

    /** Applies the fields present in {@code request}, all checked first; an explicit null removes. */
    static void update(ApiKey key, KeyPatch request, Instant now) {
        if (request == null) {
            throw AccountsException.badRequest("body", "must be a JSON object");
        }
        String name = request.has("name") ? ApiKeyRules.name(request.name()) : key.name;
        Long limitNanos = key.limitNanos;
        LimitReset reset = key.limitReset;
        if (request.has("limit")) {
            limitNanos = request.limit() == null ? null : Usd.limitNanos("limit", request.limit());
            if (limitNanos == null && !request.has("limit_reset")) {
                reset = null; // lifting the limit lifts its period with it
            }
        }
        if (request.has("limit_reset")) {
            reset = ApiKeyRules.limitReset(request.limitReset());
        }
        ApiKeyRules.resetNeedsLimit(limitNanos, reset);
        if (request.has("disabled") && request.disabled() == null) {
            throw AccountsException.badRequest("disabled", "must be true or false");
        }
        Instant expiresAt = request.has("expires_at") ? ApiKeyRules.expiresAt(request.expiresAt(), now) : key.expiresAt;
        Integer rateLimitRpm = key.rateLimitRpm;
        Long rateLimitTpm = key.rateLimitTpm;
        if (request instanceof UpdateApiKeyRequest dashboard) { // the OpenRouter body cannot name rate limits
            if (dashboard.has("rate_limit_rpm")) {
                rateLimitRpm = ApiKeyRules.rateLimitRpm(dashboard.rateLimitRpm());
            }
            if (dashboard.has("rate_limit_tpm")) {
                rateLimitTpm = ApiKeyRules.rateLimitTpm(dashboard.rateLimitTpm());
            }
        }

        key.name = name;
        key.limitNanos = limitNanos;
        key.limitReset = reset;
        key.disabled = request.has("disabled") ? request.disabled() : key.disabled;
        key.expiresAt = expiresAt;
        key.rateLimitRpm = rateLimitRpm;
        key.rateLimitTpm = rateLimitTpm;
        key.updatedAt = now;
    }
}
