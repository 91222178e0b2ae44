package dev.switchboard.schema.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A model served by one provider under its upstream id, with that provider's prices (pico-USD per token,
 * see {@link dev.switchboard.schema.shared.PicoUsd}) and limits. Owner: gateway-service.
 */
@Entity
@Table(name = "model_endpoints")
public class ModelEndpoint {
    @Id
    public UUID id;
    @Column(name = "model_id", nullable = false)
    public String modelId;
    @Column(name = "provider_id", nullable = false)
    public String providerId;
    @Column(name = "upstream_model", nullable = false)
    public String upstreamModel;
    @Column(name = "prompt_price_pico", nullable = false)
    public long promptPricePico;
    @Column(name = "completion_price_pico", nullable = false)
    public long completionPricePico;
    @Column(name = "cache_read_price_pico")
    public Long cacheReadPricePico;
    @Column(name = "cache_write_price_pico")
    public Long cacheWritePricePico;
    @Column(name = "request_price_pico", nullable = false)
    public long requestPricePico;
    @Column(name = "image_price_pico", nullable = false)
    public long imagePricePico;
    @Column(name = "context_length", nullable = false)
    public int contextLength;
    @Column(name = "max_output")
    public Integer maxOutput;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "supported_parameters", nullable = false)
    public String[] supportedParameters;
    public String quantization;
    @Column(nullable = false)
    public int status;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
