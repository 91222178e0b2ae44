package dev.switchboard.web.credits;

import dev.switchboard.web.clients.BillingClient;
import dev.switchboard.web.clients.BillingClient.AutoTopUp;
import dev.switchboard.web.clients.BillingClient.AutoTopUpSettings;
import dev.switchboard.web.credits.CreditsView.AutoTopUpForm;
import dev.switchboard.web.credits.CreditsView.BuyForm;
import dev.switchboard.web.errors.WebException;
import dev.switchboard.web.format.UsdInput;
import dev.switchboard.web.session.CurrentUser;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * "/credits": the balance, buying credit through Stripe Checkout (the fee and total quoted before paying), the
 * purchases and refunds, the ledger statement (paged, and as CSV) and auto top-up. Everything is billing's, asked as
 * the signed-in person: billing decides who may buy (owners and admins) and what a price is, and this page shows its
 * reasons. Nothing here is written by web.
 */
@Path("/credits")
@Produces(MediaType.TEXT_HTML)
public class CreditsPage {

    /** Statement lines per page. */
    static final int TRANSACTIONS_PER_PAGE = 25;
    /** Lines of the CSV download: billing's largest page. */
    static final int CSV_LINES = 1000;
    /** Purchases listed (and searched for the session a buyer comes back from: it is among the newest). */
    static final int PAYMENTS = 50;

    @Inject
    CurrentUser user;

    @Inject
    BillingClient billing;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance credits(CreditsView page);
    }

    @GET
    public Response get(@QueryParam("amount") String amount, @QueryParam("checkout") String checkout,
                        @QueryParam("session_id") String sessionId, @QueryParam("auto_topup") String autoTopUp,
                        @QueryParam("poll") String poll, @QueryParam("before") String before,
                        @QueryParam("done") String done) {
        UUID organizationId = user.organizationId();
        int polls = CheckoutReturn.poll(poll);
        List<Banner> banners = new ArrayList<>();
        Banner checkoutBanner = CheckoutReturn.checkout(checkout, sessionId, polls,
                () -> billing.payments(organizationId, PAYMENTS));
        if (checkoutBanner != null) {
            banners.add(checkoutBanner);
        }
        AutoTopUp settings = user.manager() ? billing.autoTopUp(organizationId) : null;
        if (settings != null) {
            Banner card = CheckoutReturn.card(autoTopUp, polls, () -> settings);
            if (card != null) {
                banners.add(card);
            }
        }
        if (done != null) {
            if (!"auto_topup".equals(done)) {
                throw WebException.badRequest("done: unknown");
            }
            banners.add(Banner.of("credits-status", "ok", settings != null && settings.enabled()
                    ? "Auto top-up saved: it buys credit when the balance falls below the threshold."
                    : "Auto top-up saved (off)."));
        }

        BuyForm buy = new BuyForm("", null, null);
        int status = 200;
        if (amount != null && user.manager()) {
            try {
                buy = new BuyForm(amount, billing.quote(organizationId, amount.strip()), null);
            } catch (WebException e) {
                rethrowUnlessShownOnTheForm(e);
                buy = new BuyForm(amount, null, e.getMessage());
                status = e.status();
            }
        }
        return render(status, organizationId, buy, banners, before, settings,
                settings == null ? null : AutoTopUpForm.of(settings));
    }

    /**
     * The buy form: "Preview" comes back to this page with the amount in the URL (GET /credits?amount=…), so the
     * quote is bookmarkable and needs no script; "Buy credits" starts a Checkout Session and sends the buyer to
     * Stripe's page. Both are POSTs, so the CSRF token never lands in a URL.
     */
    @POST
    @Path("checkout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response checkout(@FormParam("amount") String amount, @FormParam("action") String action) {
        String typed = amount == null ? "" : amount;
        if ("preview".equals(action)) {
            return Response.seeOther(URI.create("/credits?amount=" + URLEncoder.encode(typed.strip(), StandardCharsets.UTF_8)
                    + "#buy")).build();
        }
        if (action != null && !"buy".equals(action)) {
            throw WebException.badRequest("action: must be preview or buy");
        }
        UUID organizationId = user.organizationId();
        try {
            BigDecimal credit = UsdInput.required("amount", typed);
            return Response.seeOther(URI.create(billing.checkout(organizationId, credit).checkoutUrl())).build();
        } catch (WebException e) {
            rethrowUnlessShownOnTheForm(e);
            AutoTopUp settings = user.manager() ? billing.autoTopUp(organizationId) : null;
            return render(e.status(), organizationId, new BuyForm(typed, null, e.getMessage()), List.of(), null,
                    settings, settings == null ? null : AutoTopUpForm.of(settings));
        }
    }

    @POST
    @Path("auto-topup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveAutoTopUp(@FormParam("enabled") String enabled, @FormParam("threshold") String threshold,
                                  @FormParam("topup_amount") String amount) {
        UUID organizationId = user.organizationId();
        boolean on = enabled != null && !enabled.isEmpty();
        try {
            billing.updateAutoTopUp(organizationId, new AutoTopUpSettings(on, UsdInput.required("threshold", threshold),
                    UsdInput.required("amount", amount)));
        } catch (WebException e) {
            rethrowUnlessShownOnTheForm(e);
            if (!user.manager()) {
                throw e; // billing's 403: a member has no auto top-up form to show it on
            }
            AutoTopUp settings = billing.autoTopUp(organizationId);
            return render(e.status(), organizationId, new BuyForm("", null, null), List.of(), null, settings,
                    new AutoTopUpForm(on, threshold, amount, e.getMessage()));
        }
        return Response.seeOther(URI.create("/credits?done=auto_topup#auto-topup")).build();
    }

    /** "Save a card": Stripe's hosted page in setup mode; it comes back to {@code ?auto_topup=card_saved}. */
    @POST
    @Path("auto-topup/card")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveCard() {
        UUID organizationId = user.organizationId();
        try {
            return Response.seeOther(URI.create(billing.saveCard(organizationId).checkoutUrl())).build();
        } catch (WebException e) {
            rethrowUnlessShownOnTheForm(e);
            if (!user.manager()) {
                throw e;
            }
            AutoTopUp settings = billing.autoTopUp(organizationId);
            AutoTopUpForm form = AutoTopUpForm.of(settings);
            return render(e.status(), organizationId, new BuyForm("", null, null), List.of(), null, settings,
                    new AutoTopUpForm(form.enabled(), form.threshold(), form.amount(), e.getMessage()));
        }
    }

    /**
     * The statement as billing's CSV, passed through with the person's token (a browser cannot send it itself):
     * up to {@value #CSV_LINES} lines from the page shown ({@code before}), billing's file name and next cursor.
     */
    @GET
    @Path("transactions.csv")
    @Produces("text/csv")
    public Response transactionsCsv(@QueryParam("before") String before) {
        Response csv = billing.transactionsCsv(user.organizationId(), CSV_LINES, before);
        Response.ResponseBuilder out = Response.ok(csv.readEntity(String.class))
                .type(csv.getMediaType() == null ? "text/csv; charset=utf-8" : csv.getMediaType().toString())
                .header("Cache-Control", "no-store");
        String disposition = csv.getHeaderString("Content-Disposition");
        out.header("Content-Disposition", disposition != null ? disposition : "attachment; filename=\"transactions.csv\"");
        String next = csv.getHeaderString("X-Next-Cursor");
        if (next != null) {
            out.header("X-Next-Cursor", next);
        }
        return out.build();
    }

    private Response render(int status, UUID organizationId, BuyForm buy, List<Banner> banners, String before,
                            AutoTopUp settings, AutoTopUpForm autoTopUpForm) {
        CreditsView page = new CreditsView(billing.balance(organizationId), user.manager(), buy, banners,
                billing.payments(organizationId, PAYMENTS),
                billing.transactions(organizationId, TRANSACTIONS_PER_PAGE, blankToNull(before)), blankToNull(before),
                settings, autoTopUpForm);
        Response.ResponseBuilder response = Response.status(status).entity(Templates.credits(page));
        if (page.refreshUrl() != null) {
            // the page waits for a webhook: never serve it from a cache
            response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return response.build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Shown next to the form: billing's refusals (400, 403, 409) and Stripe's (502) or billing's (503) failures, which
     * say what to do. A missing organization (404) or an expired login (401) is the error page.
     */
    private static void rethrowUnlessShownOnTheForm(WebException e) {
        if (e.status() == 401 || e.status() == 404 || e.status() == 500) {
            throw e;
        }
    }
}
