package dev.switchboard.accounts.apikeys;

import java.math.BigDecimal;

/**
 * Body of {@code POST /organizations/{org}/keys}. {@code limit} in USD; {@code expiresAt} as ISO-8601 text (parsed
 * by {@link ApiKeyRules}, so a bad one is a 400 naming the field); {@code management} defaults to false.
 */
public record CreateApiKeyRequest(String name, BigDecimal limit, String limitReset, String expiresAt, Boolean management) {
}
