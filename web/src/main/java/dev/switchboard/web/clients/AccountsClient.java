package dev.switchboard.web.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What the dashboard asks of accounts-service. Every call runs as the signed-in user (their access token), so
 * accounts decides membership and roles; another organization's id comes back as its 404, which the page shows.
 */
@ApplicationScoped
public class AccountsClient {

    @Inject
    @RestClient
    AccountsRestClient rest;

    /** The caller, their organizations and the current one: {@code organizationId} if they belong to it (else 404). */
    public Me me(UUID organizationId) {
        return rest.me(organizationId == null ? null : organizationId.toString());
    }

    public record Me(User user, List<Organization> organizations, Organization currentOrganization) {
    }

    public record User(UUID id, String email, String name) {
    }

    public record Organization(UUID id, String name, String kind, String role, OffsetDateTime createdAt) {

        /** Owners and admins manage keys, members, credit and settings; members read and use their own keys. */
        public boolean manager() {
            return "owner".equals(role) || "admin".equals(role);
        }

        public boolean personal() {
            return "personal".equals(kind);
        }
    }
}
