package dev.switchboard.schema.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A model as clients name it ("author/slug"). Owner: gateway-service (from the catalog YAML). */
@Entity
@Table(name = "models")
public class Model {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String description;
    @Column(name = "context_length")
    public Integer contextLength;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "input_modalities", nullable = false)
    public String[] inputModalities;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "output_modalities", nullable = false)
    public String[] outputModalities;
    public String tokenizer;
    /** "chat" or "embedding". */
    @Column(nullable = false)
    public String kind;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
