package dev.switchboard.schema.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The daily rollup the reports read (organization × UTC day × model × provider × key), maintained by a
 * database trigger on {@code generations}: read-only for every service.
 */
@Entity
@Table(name = "daily_usage")
@IdClass(DailyUsage.Key.class)
public class DailyUsage {
    @Id
    @Column(name = "organization_id")
    public UUID organizationId;
    @Id
    public LocalDate day;
    @Id
    @Column(name = "model_id")
    public String modelId;
    @Id
    @Column(name = "provider_id")
    public String providerId;
    @Id
    @Column(name = "api_key_id")
    public UUID apiKeyId;
    @Column(nullable = false)
    public long requests;
    @Column(nullable = false)
    public long errors;
    @Column(name = "prompt_tokens", nullable = false)
    public long promptTokens;
    @Column(name = "completion_tokens", nullable = false)
    public long completionTokens;
    @Column(name = "reasoning_tokens", nullable = false)
    public long reasoningTokens;
    @Column(name = "cached_tokens", nullable = false)
    public long cachedTokens;
    @Column(name = "cost_nanos", nullable = false)
    public long costNanos;

    public record Key(UUID organizationId, LocalDate day, String modelId, String providerId, UUID apiKeyId)
            implements Serializable {
        public Key() {
            this(null, null, null, null, null);
        }
    }
}
