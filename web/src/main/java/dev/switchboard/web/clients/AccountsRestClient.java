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
}
