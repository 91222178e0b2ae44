package dev.switchboard.web.clients;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Forwards the signed-in user's Keycloak access token to accounts and billing, so that they decide what this person
 * may see and do; web holds no privilege of its own. (Quarkus' token-propagation extension does this too but is not on
 * our registry.) The OIDC session refreshes the token a minute before it expires (application.properties).
 */
@ApplicationScoped
public class BearerTokenForwarder implements ClientHeadersFactory {

    @Inject
    SecurityIdentity identity;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new IllegalStateException("a call to another service needs a signed-in user");
        }
        headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token.getToken());
        return headers;
    }
}
