package dev.switchboard.web.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * "Log in" and "Sign up": both paths need a login (application.properties), so Quarkus OIDC sends a stranger to
 * Keycloak first; {@link SignUpPrompt} turns the one for {@code /signup} into Keycloak's registration form. Back here
 * signed in, both go to the overview.
 */
@Path("/")
public class AuthPage {

    @GET
    @Path("login")
    public Response login() {
        return Response.seeOther(URI.create("/")).build();
    }

    @GET
    @Path("signup")
    public Response signUp() {
        return Response.seeOther(URI.create("/")).build();
    }
}
