package dev.switchboard.schema.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person, known by their Keycloak subject. Owner: accounts-service. */
@Entity
@Table(name = "users")
public class User {
    @Id
    public UUID id;
    @Column(name = "keycloak_subject", nullable = false, unique = true)
    public String keycloakSubject;
    @Column(nullable = false)
    public String email;
    public String name;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "last_login_at")
    public Instant lastLoginAt;
}
