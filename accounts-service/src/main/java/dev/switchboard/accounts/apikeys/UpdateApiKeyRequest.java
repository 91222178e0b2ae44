package dev.switchboard.accounts.apikeys;

import java.math.BigDecimal;

/**
 * Body of {@code PATCH /organizations/{org}/keys/{id}}: the shared settings of {@link KeyPatch} plus the rate limits,
 * which only the dashboard sets (OpenRouter's Key object has none). {@code "rate_limit_rpm": null} goes back to the
 * gateway's default. The rate limits are read as any JSON number and judged by {@link ApiKeyRules}, so that
 * {@code 1.5} or {@code 1e30} is a 400 naming the field rather than Jackson's truncation or overflow.
 */
public class UpdateApiKeyRequest extends KeyPatch {

    private BigDecimal rateLimitRpm;
    private BigDecimal rateLimitTpm;

    public void setRateLimitRpm(BigDecimal rateLimitRpm) {
        this.rateLimitRpm = rateLimitRpm;
        present("rate_limit_rpm");
    }

    public void setRateLimitTpm(BigDecimal rateLimitTpm) {
        this.rateLimitTpm = rateLimitTpm;
        present("rate_limit_tpm");
    }

    BigDecimal rateLimitRpm() {
        return rateLimitRpm;
    }

    BigDecimal rateLimitTpm() {
        return rateLimitTpm;
    }
}
