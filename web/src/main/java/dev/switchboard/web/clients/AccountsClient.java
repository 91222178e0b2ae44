package dev.switchboard.web.clients;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.switchboard.web.format.Formats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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

    // --- settings ---

    /** A team organization with the caller as owner. */
    public Organization createOrganization(String name) {
        return rest.createOrganization(new NameBody(name));
    }

    public Organization renameOrganization(UUID organizationId, String name) {
        return rest.renameOrganization(organizationId, new NameBody(name));
    }

    /** Owner only; accounts' 409 says why not (personal organization, credit left, active keys). */
    public void deleteOrganization(UUID organizationId) {
        rest.deleteOrganization(organizationId);
    }

    public List<Member> members(UUID organizationId) {
        return rest.members(organizationId).data();
    }

    public Member changeRole(UUID organizationId, UUID userId, String role) {
        return rest.changeRole(organizationId, userId, new RoleBody(role));
    }

    /** Removes a member, or the caller themselves (leaving). */
    public void removeMember(UUID organizationId, UUID userId) {
        rest.removeMember(organizationId, userId);
    }

    public CreatedInvitation invite(UUID organizationId, String email, String role) {
        return rest.invite(organizationId, new InviteBody(email, role));
    }

    /** Pending invitations (owners and admins). */
    public List<Invitation> invitations(UUID organizationId) {
        return rest.invitations(organizationId).data();
    }

    public void revokeInvitation(UUID organizationId, UUID invitationId) {
        rest.revokeInvitation(organizationId, invitationId);
    }

    /** What accepting {@code token} would do, after accept's checks; nothing changes. */
    public InvitationPreview previewInvitation(String token) {
        return rest.previewInvitation(new TokenBody(token));
    }

    /** Joins the invitation's organization; answers it with the caller's new role. */
    public Organization acceptInvitation(String token) {
        return rest.acceptInvitation(new TokenBody(token));
    }

    public record NameBody(String name) {
    }

    public record RoleBody(String role) {
    }

    public record InviteBody(String email, String role) {
    }

    public record TokenBody(String token) {
    }

    public record Members(List<Member> data) {
    }

    public record Member(UUID userId, String email, String name, String role, OffsetDateTime joinedAt) {
    }

    public record Invitations(List<Invitation> data) {
    }

    public record Invitation(UUID id, UUID organizationId, String email, String role, UUID invitedBy, OffsetDateTime createdAt,
                             OffsetDateTime expiresAt) {
    }

    /** The answer to an invitation: the only time its accept link (with the single-use token) is shown. */
    public record CreatedInvitation(UUID id, UUID organizationId, String email, String role, UUID invitedBy,
                                    OffsetDateTime createdAt, OffsetDateTime expiresAt, String acceptUrl, boolean emailSent) {
    }

    public record InvitationPreview(UUID organizationId, String organizationName, String role, String email,
                                    OffsetDateTime expiresAt) {
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

    // --- keys ---

    /** The organization's live keys, oldest first: every key for owners and admins, a member's own for a member. */
    public List<ApiKey> keys(UUID organizationId) {
        return rest.keys(organizationId).data();
    }

    /** One key the caller may reach; another organization's, another member's or a made-up id is accounts' 404. */
    public ApiKey key(UUID organizationId, UUID keyId) {
        return rest.key(organizationId, keyId);
    }

    /** A new key and, in this answer only, its secret. */
    public CreatedKey createKey(UUID organizationId, NewKey key) {
        return rest.createKey(organizationId, key);
    }

    /** Changes the fields in {@code changes} (JSON names; a null value removes: {@code "limit": null} lifts it). */
    public ApiKey updateKey(UUID organizationId, UUID keyId, Map<String, Object> changes) {
        return rest.updateKey(organizationId, keyId, changes);
    }

    public void deleteKey(UUID organizationId, UUID keyId) {
        rest.deleteKey(organizationId, keyId);
    }

    public record KeyList(List<ApiKey> data) {
    }

    /**
     * A key as accounts shows it (never its secret). USD: {@code limit} (null = none) per {@code limitReset} period
     * (null = the key's whole life), {@code usagePeriod} spent in the current period, {@code limitRemaining} what is
     * left of the limit, {@code usageTotal} all time. {@code rateLimitRpm}, {@code rateLimitTpm}: requests and tokens
     * per minute, null = the gateway's default for keys.
     */
    public record ApiKey(UUID id, String name, String label, Creator creator, BigDecimal limit, String limitReset,
                         BigDecimal limitRemaining, BigDecimal usagePeriod, BigDecimal usageTotal, Integer rateLimitRpm,
                         Long rateLimitTpm, boolean disabled, boolean management, OffsetDateTime expiresAt,
                         OffsetDateTime lastUsedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        /** What the gateway does with it now: {@code disabled}, {@code expired} or {@code active}. */
        public String status() {
            return statusAt(Instant.now());
        }

        public String statusAt(Instant now) {
            if (disabled) {
                return "disabled";
            }
            if (expiresAt != null && !expiresAt.toInstant().isAfter(now)) {
                return "expired";
            }
            return "active";
        }

        /** Requests per minute as the page shows them: "1,200", or "default" when the gateway's default applies. */
        public String requestsPerMinute() {
            return rateLimitRpm == null ? "default" : Formats.count(rateLimitRpm);
        }

        /** Tokens per minute as the page shows them: "50,000", or "default" when the gateway's default applies. */
        public String tokensPerMinute() {
            return rateLimitTpm == null ? "default" : Formats.count(rateLimitTpm);
        }

        /** The limit's period in words: "per day", "per week", "per month", or "in total" when it never resets. */
        public String resetLabel() {
            if (limitReset == null) {
                return "in total";
            }
            return switch (limitReset) {
                case "daily" -> "per day";
                case "weekly" -> "per week";
                case "monthly" -> "per month";
                default -> limitReset;
            };
        }
    }

    /** Who created a key; null when the user is gone. */
    public record Creator(UUID id, String email) {
    }

    /**
     * The body of a new key, every field as accounts names it ({@code expiresAt}: ISO-8601 with offset); null fields
     * are accounts' defaults (no limit, no reset, the gateway's rate limits for keys, no expiry, an inference key).
     */
    public record NewKey(String name, BigDecimal limit, String limitReset, BigInteger rateLimitRpm, BigInteger rateLimitTpm,
                         String expiresAt, Boolean management) {
    }

    /**
     * accounts' answer to a new key: the view and, this once, the secret. A class without {@code toString}, so the
     * secret cannot end up in a log line by accident.
     */
    public static final class CreatedKey {

        @JsonProperty("key")
        private String secret;

        @JsonUnwrapped
        private ApiKey view;

        public String secret() {
            return secret;
        }

        public ApiKey view() {
            return view;
        }
    }
}
