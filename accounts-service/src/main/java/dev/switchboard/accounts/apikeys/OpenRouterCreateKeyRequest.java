package dev.switchboard.accounts.apikeys;

import java.math.BigDecimal;

/**
 * Body of {@code POST /api/v1/keys}, OpenRouter's fields. There is no {@code management} field: a management key
 * creates inference keys only. {@code includeByokInLimit} is accepted for the SDK's sake, but only as false.
 */
public record OpenRouterCreateKeyRequest(String name, BigDecimal limit, String limitReset, Boolean includeByokInLimit,
        String expiresAt) {
}
