package dev.switchboard.schema.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant: it owns credit, keys and usage. Owner: accounts-service. */
@Entity
@Table(name = "organizations")
public class Organization {
    @Id
    public UUID id;
    @Column(nullable = false)
    public String name;
    @Convert(converter = OrganizationKind.Column.class)
    @Column(nullable = false)
    public OrganizationKind kind;
    /** The user of a personal organization; null for a team. */
    @Column(name = "personal_user_id", unique = true)
    public UUID personalUserId;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;
}
