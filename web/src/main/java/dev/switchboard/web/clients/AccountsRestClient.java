package dev.switchboard.web.clients;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** accounts-service's REST API (docs/api-accounts.md), as the signed-in user. Only {@link AccountsClient} uses it. */
@RegisterRestClient(configKey = "accounts")
@RegisterClientHeaders(BearerTokenForwarder.class)
@RegisterProvider(ServiceErrors.class)
interface AccountsRestClient {

    @GET
    @Path("/me")
    AccountsClient.Me me(@HeaderParam("X-Organization-Id") String organizationId);

    // --- keys ---

    @GET
    @Path("/organizations/{org}/keys")
    AccountsClient.KeyList keys(@PathParam("org") UUID organizationId);

    @GET
    @Path("/organizations/{org}/keys/{id}")
    AccountsClient.ApiKey key(@PathParam("org") UUID organizationId, @PathParam("id") UUID keyId);

    @POST
    @Path("/organizations/{org}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    AccountsClient.CreatedKey createKey(@PathParam("org") UUID organizationId, AccountsClient.NewKey key);

    /** A map, not a record: accounts tells an absent field (unchanged) from an explicit null (removed). */
    @PATCH
    @Path("/organizations/{org}/keys/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    AccountsClient.ApiKey updateKey(@PathParam("org") UUID organizationId, @PathParam("id") UUID keyId, Map<String, Object> changes);

    @DELETE
    @Path("/organizations/{org}/keys/{id}")
    void deleteKey(@PathParam("org") UUID organizationId, @PathParam("id") UUID keyId);
    // --- settings ---
    // JSON bodies; accounts refuses unknown fields, so the body records carry exactly its fields.

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/organizations")
    AccountsClient.Organization createOrganization(AccountsClient.NameBody body);

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/organizations/{org}")
    AccountsClient.Organization renameOrganization(@PathParam("org") UUID organizationId, AccountsClient.NameBody body);

    @DELETE
    @Path("/organizations/{org}")
    void deleteOrganization(@PathParam("org") UUID organizationId);

    @GET
    @Path("/organizations/{org}/members")
    AccountsClient.Members members(@PathParam("org") UUID organizationId);

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/organizations/{org}/members/{user}")
    AccountsClient.Member changeRole(@PathParam("org") UUID organizationId, @PathParam("user") UUID userId,
                                     AccountsClient.RoleBody body);

    @DELETE
    @Path("/organizations/{org}/members/{user}")
    void removeMember(@PathParam("org") UUID organizationId, @PathParam("user") UUID userId);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/organizations/{org}/invitations")
    AccountsClient.CreatedInvitation invite(@PathParam("org") UUID organizationId, AccountsClient.InviteBody body);

    @GET
    @Path("/organizations/{org}/invitations")
    AccountsClient.Invitations invitations(@PathParam("org") UUID organizationId);

    @DELETE
    @Path("/organizations/{org}/invitations/{id}")
    void revokeInvitation(@PathParam("org") UUID organizationId, @PathParam("id") UUID invitationId);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/invitations/preview")
    AccountsClient.InvitationPreview previewInvitation(AccountsClient.TokenBody body);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/invitations/accept")
    AccountsClient.Organization acceptInvitation(AccountsClient.TokenBody body);
}
