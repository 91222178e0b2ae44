package dev.switchboard.web.keys;

import dev.switchboard.web.clients.AccountsClient;
import dev.switchboard.web.clients.AccountsClient.ApiKey;
import dev.switchboard.web.clients.AccountsClient.CreatedKey;
import dev.switchboard.web.config.WebConfig;
import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.session.CurrentUser;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "/keys": the organization's API keys, through accounts' key API as the signed-in person. accounts decides what they
 * see and may touch (a member: the keys they created; owners and admins: every key), so every key this page shows can
 * be disabled, edited and deleted by the person looking at it, and a key id that is not theirs to reach is accounts'
 * 404, shown as the 404 page. Web keeps nothing: a new key's secret exists in the one answer that shows it.
 */
@Path("/keys")
@Produces(MediaType.TEXT_HTML)
public class KeysPage {

    /** What "?done=" may say after a change (POST-redirect-GET); fixed texts, never text from the URL. */
    static final Map<String, String> DONE = Map.of(
            "disabled", "Key disabled: the gateway refuses it until you enable it again.",
            "enabled", "Key enabled.",
            "limit", "Limits saved.",
            "deleted", "Key deleted: the gateway refuses it from now on.");

    @Inject
    CurrentUser user;

    @Inject
    AccountsClient accounts;

    @Inject
    WebConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance keys(List<ApiKey> keys, CreatedKey created, String done, String gatewayUrl);

        static native TemplateInstance create(KeyForm form, String error);

        static native TemplateInstance edit(ApiKey key, KeyForm form, String error);

        static native TemplateInstance delete(ApiKey key);
    }

    @GET
    public TemplateInstance list(@QueryParam("done") String done) {
        String message = null;
        if (done != null) {
            message = DONE.get(done);
            if (message == null) {
                throw WebException.badRequest("done: unknown");
            }
        }
        return Templates.keys(accounts.keys(user.organizationId()), null, message, config.gatewayUrl());
    }

    @GET
    @Path("new")
    public TemplateInstance newKey() {
        return Templates.create(KeyForm.empty(), null);
    }

    /**
     * Creates the key and shows its secret this once: a page, not a redirect (a redirect would have to carry the
     * secret in the URL or the session), never stored or cached ({@code no-store}).
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("name") String name, @FormParam("limit") String limit,
                           @FormParam("limit_reset") String limitReset, @FormParam("rate_limit_rpm") String rateLimitRpm,
                           @FormParam("rate_limit_tpm") String rateLimitTpm, @FormParam("expires_at") String expiresAt,
                           @FormParam("management") String management) {
        KeyForm form = new KeyForm(name, limit, limitReset, rateLimitRpm, rateLimitTpm, expiresAt,
                management != null && !management.isEmpty());
        UUID organizationId = user.organizationId();
        CreatedKey created;
        try {
            created = accounts.createKey(organizationId, form.toNewKey());
        } catch (WebException e) {
            rethrowUnlessShownOnTheForm(e);
            return Response.status(e.status()).entity(Templates.create(form, e.getMessage())).build();
        }
        return Response.ok(Templates.keys(accounts.keys(organizationId), created, null, config.gatewayUrl()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("{id}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@PathParam("id") String id) {
        accounts.updateKey(user.organizationId(), keyId(id), Map.of("disabled", true));
        return done("disabled");
    }

    @POST
    @Path("{id}/enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@PathParam("id") String id) {
        accounts.updateKey(user.organizationId(), keyId(id), Map.of("disabled", false));
        return done("enabled");
    }

    @GET
    @Path("{id}/limit")
    public TemplateInstance editLimit(@PathParam("id") String id) {
        ApiKey key = accounts.key(user.organizationId(), keyId(id));
        return Templates.edit(key, KeyForm.of(key), null);
    }

    @POST
    @Path("{id}/limit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveLimit(@PathParam("id") String id, @FormParam("limit") String limit,
                              @FormParam("limit_reset") String limitReset, @FormParam("rate_limit_rpm") String rateLimitRpm,
                              @FormParam("rate_limit_tpm") String rateLimitTpm) {
        UUID organizationId = user.organizationId();
        UUID keyId = keyId(id);
        KeyForm form = new KeyForm(null, limit, limitReset, rateLimitRpm, rateLimitTpm, null, false);
        try {
            accounts.updateKey(organizationId, keyId, form.toLimitChanges());
        } catch (WebException e) {
            rethrowUnlessShownOnTheForm(e);
            ApiKey key = accounts.key(organizationId, keyId); // its 404 wins over the form's error
            return Response.status(e.status()).entity(Templates.edit(key, form, e.getMessage())).build();
        }
        return done("limit");
    }

    /** The confirmation step, a page of its own so that deleting needs no script. */
    @GET
    @Path("{id}/delete")
    public TemplateInstance confirmDelete(@PathParam("id") String id) {
        return Templates.delete(accounts.key(user.organizationId(), keyId(id)));
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") String id) {
        accounts.deleteKey(user.organizationId(), keyId(id));
        return done("deleted");
    }

    /** A key id from the URL; a malformed one is the same 404 as another organization's. */
    static UUID keyId(String raw) {
        try {
            UUID id = UUID.fromString(raw);
            if (id.toString().equalsIgnoreCase(raw)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw WebException.notFound("API key");
    }

    /**
     * A refused change shows the reason next to the form; a missing key or organization (404), an expired login (401)
     * and a broken service (5xx) are the error page, never a form that pretends the key is there.
     */
    private static void rethrowUnlessShownOnTheForm(WebException e) {
        if (e.status() == 401 || e.status() == 404 || e.status() >= 500) {
            throw e;
        }
    }

    private static Response done(String what) {
        return Response.seeOther(URI.create("/keys?done=" + what)).build();
    }
}
