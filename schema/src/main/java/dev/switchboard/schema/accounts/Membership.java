package dev.switchboard.schema.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A user's role in an organization. Owner: accounts-service. */
@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
public class Membership {
    @Id
    @Column(name = "organization_id")
    public UUID organizationId;
    @Id
    @Column(name = "user_id")
    public UUID userId;
    @Convert(converter = MemberRole.Column.class)
    @Column(nullable = false)
    public MemberRole role;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public record Key(UUID organizationId, UUID userId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
