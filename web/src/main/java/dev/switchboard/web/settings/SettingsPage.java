package dev.switchboard.web.settings;

import dev.switchboard.web.clients.AccountsClient;
import dev.switchboard.web.clients.AccountsClient.CreatedInvitation;
import dev.switchboard.web.clients.AccountsClient.Invitation;
import dev.switchboard.web.clients.AccountsClient.Organization;
import dev.switchboard.web.clients.ServiceException;
import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.session.CurrentUser;
import dev.switchboard.web.session.OrganizationChoice;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /settings}: the current organization (rename, delete), the person's organizations (switch, create a team),
 * members (roles, remove, leave) and invitations (invite, the link shown once, revoke). Every change is a call to
 * accounts as the person, on the organization named in the form's URL: accounts checks the membership and the role,
 * so another organization's id is its 404 (shown as the 404 page) and a refusal (the last owner, credit left) its
 * message next to the form, with its status. After a change: 303 back here, except an invitation, whose link accounts
 * shows only once.
 */
@Path("/settings")
@Produces(MediaType.TEXT_HTML)
public class SettingsPage {

    @Inject
    CurrentUser user;
    @Inject
    AccountsClient accounts;
    @Inject
    OrganizationChoice choice;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(SettingsView view);
    }

    @GET
    public Response get() {
        return page(200, null, null, null, Map.of());
    }

    @POST
    @Path("organizations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("name") String name) {
        try {
            Organization created = accounts.createOrganization(name);
            choice.remember(created.id());
            return backHere();
        } catch (ServiceException e) {
            return refused(e, "create", Map.of("name", text(name)));
        }
    }

    @POST
    @Path("organizations/{org}/rename")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rename(@PathParam("org") String org, @FormParam("name") String name) {
        try {
            accounts.renameOrganization(id(org, "Organization"), name);
            return backHere();
        } catch (ServiceException e) {
            return refused(e, "organization", Map.of("rename", text(name)));
        }
    }

    @POST
    @Path("organizations/{org}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("org") String org) {
        UUID id = id(org, "Organization");
        boolean current = id.equals(user.organizationId());
        try {
            accounts.deleteOrganization(id);
        } catch (ServiceException e) {
            return refused(e, "organization", Map.of());
        }
        if (current) {
            choice.forget(); // gone: back to the personal organization
        }
        return backHere();
    }

    /** The field is {@code member_role}, not {@code role}: {@code role} is the invitation form's, one per page. */
    @POST
    @Path("organizations/{org}/members/{user}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@PathParam("org") String org, @PathParam("user") String member,
                               @FormParam("member_role") String role) {
        try {
            accounts.changeRole(id(org, "Organization"), id(member, "Member"), role);
            return backHere();
        } catch (ServiceException e) {
            return refused(e, "members", Map.of());
        }
    }

    @POST
    @Path("organizations/{org}/members/{user}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@PathParam("org") String org, @PathParam("user") String member) {
        UUID organizationId = id(org, "Organization");
        UUID memberId = id(member, "Member");
        boolean leavingCurrent = memberId.equals(user.userId()) && organizationId.equals(user.organizationId());
        try {
            accounts.removeMember(organizationId, memberId);
        } catch (ServiceException e) {
            return refused(e, "members", Map.of());
        }
        if (leavingCurrent) {
            choice.forget(); // left it: no longer theirs to act for
        }
        return backHere();
    }

    @POST
    @Path("organizations/{org}/invitations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@PathParam("org") String org, @FormParam("email") String email, @FormParam("role") String role) {
        CreatedInvitation created;
        try {
            created = accounts.invite(id(org, "Organization"), email, role);
        } catch (ServiceException e) {
            return refused(e, "invitations", Map.of("email", text(email), "role", text(role)));
        }
        // not a redirect: the accept link (its single-use token) is in this answer only
        return page(201, created, null, null, Map.of());
    }

    @POST
    @Path("organizations/{org}/invitations/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("org") String org, @PathParam("id") String invitation) {
        try {
            accounts.revokeInvitation(id(org, "Organization"), id(invitation, "Invitation"));
            return backHere();
        } catch (ServiceException e) {
            return refused(e, "invitations", Map.of());
        }
    }

    /** accounts' 4xx refusal next to its form; its 404 (someone else's or no such thing) and 5xx are error pages. */
    private Response refused(ServiceException e, String section, Map<String, String> values) {
        if (e.status() == 404 || e.status() >= 500) {
            throw e;
        }
        return page(e.status(), null, e.getMessage(), section, values);
    }

    private Response page(int status, CreatedInvitation created, String error, String section, Map<String, String> values) {
        Organization current = user.organization();
        List<Invitation> invitations = current.manager() && !current.personal() ? accounts.invitations(current.id()) : null;
        SettingsView view = new SettingsView(user.userId(), current, user.organizations(), accounts.members(current.id()),
                invitations, created, error, section, values);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.settings(view)).build();
    }

    private static Response backHere() {
        return Response.seeOther(URI.create("/settings")).build();
    }

    /** An id from the URL: one that is not even an id names nothing, the same 404 as someone else's. */
    private static UUID id(String raw, String what) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw WebException.notFound(what);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
