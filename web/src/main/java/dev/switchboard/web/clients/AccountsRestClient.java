package dev.switchboard.web.clients;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
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
}
