package dev.switchboard.schema.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One inference request that reached a provider. Immutable once written (the database refuses UPDATE).
 * The table is range-partitioned by month on {@code created_at}. Owner: gateway-service, which writes these
 * in batches together with the organization's usage ledger entry.
 */
@Entity
@Table(name = "generations")
@IdClass(Generation.Key.class)
public class Generation {
    /** "gen-&lt;unix seconds&gt;-&lt;random&gt;". */
    @Id
    public String id;
    @Id
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;
    @Column(name = "api_key_id", nullable = false)
    public UUID apiKeyId;
    @Column(name = "model_id", nullable = false)
    public String modelId;
    @Column(name = "provider_id", nullable = false)
    public String providerId;
    @Column(name = "endpoint_id")
    public UUID endpointId;
    /** "chat", "completions", "messages" or "embeddings". */
    @Column(name = "api_type", nullable = false)
    public String apiType;
    @Column(name = "upstream_id")
    public String upstreamId;
    @Column(name = "tokens_prompt", nullable = false)
    public int tokensPrompt;
    @Column(name = "tokens_completion", nullable = false)
    public int tokensCompletion;
    @Column(name = "tokens_reasoning", nullable = false)
    public int tokensReasoning;
    @Column(name = "tokens_cached", nullable = false)
    public int tokensCached;
    /** Input tokens written to the provider's prompt cache (billed at the cache-write price); part of tokensPrompt. */
    @Column(name = "tokens_cache_write", nullable = false)
    public int tokensCacheWrite;
    /** True when the provider reported no usage and the gateway counted tokens itself. */
    @Column(name = "tokens_estimated", nullable = false)
    public boolean tokensEstimated;
    @Column(name = "cost_nanos", nullable = false)
    public long costNanos;
    @Column(name = "upstream_cost_nanos")
    public Long upstreamCostNanos;
    /** Milliseconds to the first token. */
    @Column(name = "latency_ms")
    public Integer latencyMs;
    @Column(name = "generation_time_ms")
    public Integer generationTimeMs;
    @Column(nullable = false)
    public boolean streamed;
    @Column(nullable = false)
    public boolean cancelled;
    @Column(name = "finish_reason")
    public String finishReason;
    @Column(name = "native_finish_reason")
    public String nativeFinishReason;
    /** HTTP status returned to the client. */
    @Column(nullable = false)
    public int status;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "app_referer")
    public String appReferer;
    @Column(name = "app_title")
    public String appTitle;
    @Column(name = "external_user")
    public String externalUser;
    /** JSON array of routing attempts: [{provider_name, status, latency}]. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "provider_responses")
    public String providerResponses;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "dropped_parameters")
    public String[] droppedParameters;

    public record Key(String id, Instant createdAt) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
