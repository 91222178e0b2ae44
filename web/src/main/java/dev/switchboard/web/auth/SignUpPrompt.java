package dev.switchboard.web.auth;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.OidcRedirectFilter;
import io.quarkus.oidc.Redirect;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Opens Keycloak on its registration form rather than its login form when the person clicked "Sign up": OpenID
 * Connect's {@code prompt=create} (Initiating User Registration), which Keycloak supports. The rest of the flow (PKCE,
 * state, the code exchange) is the ordinary login's.
 */
@ApplicationScoped
@Unremovable
@Redirect(Redirect.Location.OIDC_AUTHORIZATION)
public class SignUpPrompt implements OidcRedirectFilter {

    @Override
    public void filter(OidcRedirectContext context) {
        if ("/signup".equals(context.routingContext().request().path())) {
            context.additionalQueryParams().add("prompt", "create");
        }
    }
}
