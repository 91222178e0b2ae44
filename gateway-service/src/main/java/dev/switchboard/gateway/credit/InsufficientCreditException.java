package dev.switchboard.gateway.credit;

import dev.switchboard.gateway.errors.ApiException;
import dev.switchboard.gateway.errors.ErrorCode;
import dev.switchboard.schema.shared.NanoUsd;
import java.util.LinkedHashMap;
import java.util.Map;

/** 402: the organization's available credit, or the key's remaining limit, cannot cover the request's worst case. */
public class InsufficientCreditException extends ApiException {

    public InsufficientCreditException(String message, Map<String, Object> metadata) {
        super(ErrorCode.INSUFFICIENT_CREDITS, message, metadata);
    }

    static InsufficientCreditException organization(long requiredNanos, long availableNanos, long balanceNanos) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("required_usd", NanoUsd.of(requiredNanos).toUsd());
        metadata.put("available_usd", NanoUsd.of(Math.max(availableNanos, 0)).toUsd());
        metadata.put("balance_usd", NanoUsd.of(balanceNanos).toUsd());
        metadata.put("held_usd", NanoUsd.of(Math.max(balanceNanos - availableNanos, 0)).toUsd());
        String message = "Insufficient credits: this request can cost up to $%s, but the organization has $%s available (balance $%s, $%s held by requests in flight). Add credits, or lower max_tokens."
                .formatted(NanoUsd.of(requiredNanos).toUsdString(), NanoUsd.of(Math.max(availableNanos, 0)).toUsdString(),
                        NanoUsd.of(balanceNanos).toUsdString(), NanoUsd.of(Math.max(balanceNanos - availableNanos, 0)).toUsdString());
        return new InsufficientCreditException(message, metadata);
    }

    static InsufficientCreditException keyLimit(long requiredNanos, long remainingNanos, long limitNanos, String period) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("required_usd", NanoUsd.of(requiredNanos).toUsd());
        metadata.put("key_limit_usd", NanoUsd.of(limitNanos).toUsd());
        metadata.put("key_limit_remaining_usd", NanoUsd.of(Math.max(remainingNanos, 0)).toUsd());
        metadata.put("key_limit_reset", period);
        String message = "Key limit reached: this request can cost up to $%s, but this key has $%s left of its $%s %s limit. Raise the key's limit, or lower max_tokens."
                .formatted(NanoUsd.of(requiredNanos).toUsdString(), NanoUsd.of(Math.max(remainingNanos, 0)).toUsdString(),
                        NanoUsd.of(limitNanos).toUsdString(), period);
        return new InsufficientCreditException(message, metadata);
    }
}
