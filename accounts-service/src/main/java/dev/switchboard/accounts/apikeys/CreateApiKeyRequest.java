package dev.switchboard.accounts.apikeys;

import java.math.BigDecimal;

/**
 * Body of {@code POST /organizations/{org}/keys}. {@code limit} in USD; {@code expiresAt} as ISO-8601 text and the
 * rate limits as any JSON number (both judged by {@link ApiKeyRules}, so a bad one is a 400 naming the field, never
 * Jackson's truncation of {@code 1.5}); null rate limits are the gateway's defaults; {@code management} defaults to false.
 */
public record CreateApiKeyRequest(String name, BigDecimal limit, String limitReset, String expiresAt, Boolean management,
        BigDecimal rateLimitRpm, BigDecimal rateLimitTpm) {
}
