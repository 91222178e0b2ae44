package dev.switchboard.schema.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An upstream provider, an instance of one wire format. Owner: gateway-service (from the catalog YAML). */
@Entity
@Table(name = "providers")
public class Provider {
    /** Slug, e.g. "openai", "together". */
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Convert(converter = ProviderApi.Column.class)
    @Column(nullable = false)
    public ProviderApi api;
    @Column(name = "base_url", nullable = false)
    public String baseUrl;
    /** The environment variable holding the provider's API key (the key itself is never stored). */
    @Column(name = "api_key_env")
    public String apiKeyEnv;
    /** "allow" when the provider may retain or train on prompts, else "deny". */
    @Column(name = "data_collection", nullable = false)
    public String dataCollection;
    @Column(name = "privacy_policy_url")
    public String privacyPolicyUrl;
    @Column(nullable = false)
    public boolean enabled;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
