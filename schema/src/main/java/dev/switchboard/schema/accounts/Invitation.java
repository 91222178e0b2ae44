package dev.switchboard.schema.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An invitation by e-mail, pending until that person logs in. Owner: accounts-service. */
@Entity
@Table(name = "invitations")
public class Invitation {
    @Id
    public UUID id;
    @Column(name = "organization_id", nullable = false)
    public UUID organizationId;
    @Column(nullable = false)
    public String email;
    @Convert(converter = MemberRole.Column.class)
    @Column(nullable = false)
    public MemberRole role;
    @Column(name = "invited_by", nullable = false)
    public UUID invitedBy;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    @Column(name = "accepted_by")
    public UUID acceptedBy;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    /** Lower-case hex SHA-256 of the single-use accept token; the token itself is never stored. */
    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;
}
