package dev.switchboard.schema.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One minute of an endpoint's observed health, persisted by the gateways. Owner: gateway-service. */
@Entity
@Table(name = "endpoint_health")
@IdClass(EndpointHealth.Key.class)
public class EndpointHealth {
    @Id
    @Column(name = "endpoint_id")
    public UUID endpointId;
    @Id
    public Instant minute;
    @Column(nullable = false)
    public int requests;
    @Column(nullable = false)
    public int failures;
    @Column(name = "latency_p50_ms")
    public Integer latencyP50Ms;
    @Column(name = "latency_p99_ms")
    public Integer latencyP99Ms;
    @Column(name = "throughput_p50_tps")
    public Integer throughputP50Tps;

    public record Key(UUID endpointId, Instant minute) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
