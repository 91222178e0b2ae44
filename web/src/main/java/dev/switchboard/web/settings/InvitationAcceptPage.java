package dev.switchboard.web.settings;

import dev.switchboard.web.clients.AccountsClient;
import dev.switchboard.web.clients.AccountsClient.InvitationPreview;
import dev.switchboard.web.clients.AccountsClient.Organization;
import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.session.OrganizationChoice;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Where an invitation link leads ({@code switchboard.accounts.accept-url-base} of accounts). The path needs a login,
 * so a stranger signs up or logs in at Keycloak first and comes back here. A GET only asks ("Join … as …?", from
 * accounts' preview, which checks the address and the token as accepting does); joining is the POST of its form.
 * A used, revoked, expired or unknown token, or another address: accounts' message on the error page, nothing joined.
 */
@Path("/invitations/accept")
public class InvitationAcceptPage {

    @Inject
    AccountsClient accounts;
    @Inject
    OrganizationChoice choice;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance accept(InvitationPreview invitation, String token);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance ask(@QueryParam("token") String token) {
        return Templates.accept(accounts.previewInvitation(required(token)), token.strip());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response join(@FormParam("token") String token) {
        Organization joined = accounts.acceptInvitation(required(token));
        choice.remember(joined.id());
        return Response.seeOther(URI.create("/")).build();
    }

    private static String required(String token) {
        if (token == null || token.isBlank()) {
            throw WebException.badRequest("This invitation link has no token: open the link exactly as you received it");
        }
        return token.strip();
    }
}
