package dev.switchboard.e2e.credits;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.e2e.platform.Platform;
import dev.switchboard.testkit.seed.Tenants;
import dev.switchboard.testkit.stripe.TestCards;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * "/credits" in the browser against the real billing-service and the Stripe fake's hosted Checkout page: the quote
 * before paying, buying $10 and coming back to a confirmation, a payment the webhook settles later, a cancelled
 * checkout, bad amounts, the history with its pages and CSV, auto top-up with a card that declines, members,
 * another organization's session and a POST without the CSRF token.
 */
@E2eTest
class CreditsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The pending page reloads itself every 2 s for about 30 s. */
    private static final LocatorAssertions.ContainsTextOptions SETTLED = new LocatorAssertions.ContainsTextOptions().setTimeout(35_000);

    @Test
    void a_new_person_buys_ten_dollars_through_stripe_checkout_and_sees_it(Platform platform, Persons persons) {
        Person ada = persons.open("credits-ada").signUp("Ada", "Credits");
        Tenants db = new Tenants(platform.database()::connect);
        UUID org = organizationOf(platform, ada);
        Page page = ada.open("/credits");
        assertThat(page.getByTestId("balance")).hasText("$0.00");
        assertThat(page.getByTestId("payments-empty")).isVisible();

        // the fee and total before paying, without a script: Preview
        page.locator("[name=amount]").fill("10");
        button(page, "Preview").click();
        page.waitForURL(url -> url.contains("amount=10"));
        assertThat(page.getByTestId("quote-credit")).hasText("$10.00");
        assertThat(page.getByTestId("quote-fee")).hasText("$0.80");
        assertThat(page.getByTestId("quote-total")).hasText("$10.80");
        // and the script's JSON twin
        JsonNode quote = json(ada.context().request().get(platform.webUrl() + "/credits/quote?amount=10"));
        assertThat(quote.path("fee_text").asText()).isEqualTo("$0.80");
        assertThat(quote.path("total").decimalValue()).isEqualByComparingTo("10.8");
        // the script updates the quote while typing
        page.locator("[name=amount]").fill("15");
        assertThat(page.getByTestId("quote-fee")).hasText("$0.83");
        assertThat(page.getByTestId("quote-total")).hasText("$15.83");
        page.locator("[name=amount]").fill("10");
        assertThat(page.getByTestId("quote-total")).hasText("$10.80");
        ada.screenshot("credits-quote");

        button(page, "Buy credits").click();
        page.waitForURL(url -> url.startsWith(stripeUrl(platform)));
        assertThat(page.locator("#amount")).hasText("Pay $10.80");
        ada.screenshot("credits-stripe-checkout");
        page.locator("input[name=card][value='" + TestCards.VISA + "']").check();
        page.locator("#submit").click();
        page.waitForURL(url -> url.startsWith(platform.webUrl() + "/credits?checkout=success"));

        assertThat(page.getByTestId("checkout-result")).containsText("Payment received: $10.00 added", SETTLED);
        assertThat(page.getByTestId("balance")).hasText("$10.00");
        Locator payment = page.getByTestId("payment-row");
        assertThat(payment).hasCount(1);
        assertThat(payment.getByTestId("payment-status")).hasText("paid");
        assertThat(payment).containsText("$10.80");
        assertThat(payment.locator("td").first()).hasText(Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC$"));
        assertThat(page.getByTestId("transactions")).containsText("purchase");
        assertThat(page.getByTestId("transactions")).containsText("-$0.80");
        ada.screenshot("credits-paid");
        assertThat(db.balance(org)).isEqualTo(10_000_000_000L);
        assertThat(db.text("SELECT status FROM payments WHERE organization_id = ?", org)).isEqualTo("paid");
    }

    @Test
    void a_bad_amount_shows_billings_reason_and_creates_nothing(Platform platform, Persons persons) {
        Person bob = persons.open("credits-bob").signUp("Bob", "Amounts");
        Tenants db = new Tenants(platform.database()::connect);
        UUID org = organizationOf(platform, bob);
        Page page = bob.open("/credits");

        Map<String, String> refusals = Map.of(
                "4.99", "amount: must be between 5 and 10000 USD",
                "10000.01", "amount: must be between 5 and 10000 USD",
                "5.001", "amount: must be whole cents (at most 2 decimal places)",
                "ten", "amount: must be a number of USD, e.g. 12.34");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            page.locator("[name=amount]").fill(refusal.getKey());
            Response answer = page.waitForResponse(r -> r.request().method().equals("POST"), () -> button(page, "Buy credits").click());
            assertThat(answer.status()).as(refusal.getKey()).isEqualTo(400);
            assertThat(page.getByTestId("buy-error")).hasText(refusal.getValue());
            assertThat(page.locator("[name=amount]")).hasValue(refusal.getKey());
            assertThat(page.url()).startsWith(platform.webUrl());
        }
        bob.screenshot("credits-bad-amount");

        // Preview says the same on a page of its own (bookmarkable, 400)
        Response preview = page.navigate(platform.webUrl() + "/credits?amount=4.99");
        assertThat(preview.status()).isEqualTo(400);
        assertThat(page.getByTestId("buy-error")).hasText("amount: must be between 5 and 10000 USD");
        assertThat(page.getByTestId("quote")).isHidden();

        assertThat(db.scalar("SELECT count(*) FROM payments WHERE organization_id = ?", org)).isZero();
        assertThat(db.balance(org)).isZero();
    }

    @Test
    void a_payment_the_webhook_settles_later_shows_processing_then_the_credit(Platform platform, Persons persons) {
        Person cy = persons.open("credits-cy").signUp("Cy", "Pending");
        Page page = cy.open("/credits");
        page.locator("[name=amount]").fill("25");
        button(page, "Buy credits").click();
        page.waitForURL(url -> url.startsWith(stripeUrl(platform)));
        page.locator("input[name=card][value=" + TestCards.ASYNC + "]").check();
        page.locator("#submit").click();
        page.waitForURL(url -> url.startsWith(platform.webUrl() + "/credits?checkout=success"));

        assertThat(page.getByTestId("checkout-result")).containsText("Payment processing");
        assertThat(page.locator("meta[http-equiv=refresh]")).hasCount(1);
        assertThat(page.getByTestId("payment-status")).hasText("pending");
        cy.screenshot("credits-processing");
        String sessionId = query(page.url(), "session_id");

        platform.fakeStripe().settleAsync(sessionId, true);

        assertThat(page.getByTestId("checkout-result")).containsText("Payment received: $25.00 added", SETTLED);
        assertThat(page.locator("meta[http-equiv=refresh]")).hasCount(0);
        assertThat(page.getByTestId("balance")).hasText("$25.00");
    }

    @Test
    void a_cancelled_checkout_says_nothing_was_charged(Platform platform, Persons persons) {
        Person dee = persons.open("credits-dee").signUp("Dee", "Cancel");
        Page page = dee.open("/credits");
        page.locator("[name=amount]").fill("5");
        button(page, "Buy credits").click();
        page.waitForURL(url -> url.startsWith(stripeUrl(platform)));
        page.locator("#cancel").click();
        page.waitForURL(url -> url.startsWith(platform.webUrl() + "/credits?checkout=cancelled"));
        assertThat(page.getByTestId("checkout-result")).hasText("Checkout cancelled: nothing was charged.");
        assertThat(page.getByTestId("checkout-result")).hasClass("banner info");
        assertThat(page.getByTestId("balance")).hasText("$0.00");
        assertThat(page.getByTestId("payment-status")).hasText("pending");
    }

    @Test
    void the_history_pages_back_and_downloads_as_csv(Platform platform, Persons persons) throws IOException {
        Person eli = persons.open("credits-eli").signUp("Eli", "History");
        Tenants db = new Tenants(platform.database()::connect);
        UUID org = organizationOf(platform, eli);
        for (int i = 1; i <= 30; i++) {
            db.credit(org, i * 1_000_000_000L); // $1 … $30, oldest first
        }
        Page page = eli.open("/credits");
        assertThat(page.getByTestId("balance")).hasText("$465.00");
        assertThat(page.getByTestId("transaction-row")).hasCount(25);
        assertThat(page.getByTestId("transaction-row").first()).containsText("$30.00");

        Download download = page.waitForDownload(() -> page.getByTestId("transactions-csv").click());
        String csv = Files.readString(download.path());
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("day,created_at,kind,amount,balance_after,description,external_reference,created_by,id,entries");
        assertThat(lines).hasSize(31);
        assertThat(download.suggestedFilename()).isEqualTo("transactions-" + org + ".csv");
        // the download left the forms on this page usable (their CSRF token is still the session's)
        page.locator("[name=amount]").fill("5");
        button(page, "Buy credits").click();
        page.waitForURL(url -> url.startsWith(stripeUrl(platform)));
        page.goBack();
        page.waitForURL(url -> url.startsWith(platform.webUrl() + "/credits"));

        page.getByTestId("transactions-older").click();
        assertThat(page.getByTestId("transaction-row")).hasCount(5);
        assertThat(page.getByTestId("transaction-row").last()).containsText("$1.00");
        assertThat(page.getByTestId("transactions-older")).hasCount(0);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Newest"))).isVisible();
        eli.screenshot("credits-history-older");

        // a cursor that is not billing's is its 400, not a page of something else
        assertThat(page.navigate(platform.webUrl() + "/credits?before=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
    }

    @Test
    void auto_top_up_needs_a_card_and_shows_its_last_failure(Platform platform, Persons persons) {
        Person fay = persons.open("credits-fay").signUp("Fay", "Topup");
        Tenants db = new Tenants(platform.database()::connect);
        UUID org = organizationOf(platform, fay);
        Page page = fay.open("/credits");
        assertThat(page.getByTestId("auto-topup-state")).containsText("Off");

        // on without a card: billing's 409, nothing saved
        page.locator("[name=enabled]").check();
        page.locator("[name=threshold]").fill("20");
        page.locator("[name=topup_amount]").fill("10");
        Response refused = page.waitForResponse(r -> r.request().method().equals("POST"), () -> button(page, "Save auto top-up").click());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(page.getByTestId("auto-topup-form-error")).containsText("Save a card first");
        assertThat(page.locator("[name=threshold]")).hasValue("20");
        assertThat(db.scalar("SELECT count(*) FROM auto_topups WHERE organization_id = ? AND enabled", org)).isZero();

        // a card whose later charges decline, saved on Stripe's page (setup mode)
        button(page, "Save a card").click();
        page.waitForURL(url -> url.startsWith(stripeUrl(platform)));
        page.locator("input[name=card][value='" + TestCards.ATTACH_THEN_DECLINE + "']").check();
        page.locator("#submit").click();
        page.waitForURL(url -> url.startsWith(platform.webUrl() + "/credits?auto_topup=card_saved"));
        assertThat(page.getByTestId("card-result")).containsText("Card saved for auto top-up", SETTLED);
        assertThat(page.getByTestId("auto-topup-state")).containsText("0341");

        // on, below the threshold already: billing charges at once, the card declines, auto top-up turns itself off
        page.locator("[name=enabled]").check();
        page.locator("[name=threshold]").fill("20");
        page.locator("[name=topup_amount]").fill("10");
        button(page, "Save auto top-up").click();
        assertThat(page.getByTestId("credits-status")).isVisible();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (page.getByTestId("auto-topup-error").count() == 0 && System.nanoTime() < deadline) {
            page.waitForTimeout(500);
            page.reload();
        }
        assertThat(page.getByTestId("auto-topup-error")).containsText("declined");
        assertThat(page.getByTestId("auto-topup-state")).containsText("Off");
        assertThat(page.getByTestId("payment-row").first()).containsText("Auto top-up");
        assertThat(page.getByTestId("payment-row").first().getByTestId("payment-status")).containsText("failed");
        fay.screenshot("credits-auto-topup-declined");
        assertThat(db.text("SELECT enabled || ' ' || (last_error IS NOT NULL) FROM auto_topups WHERE organization_id = ?", org))
                .isEqualTo("false true");
        assertThat(db.balance(org)).isZero();
    }

    @Test
    void a_member_reads_the_balance_and_history_but_buys_nothing(Platform platform, Persons persons) {
        Person owner = persons.open("credits-owner").signUp("Olga", "Owner");
        Person member = persons.open("credits-member").signUp("Max", "Member");
        Tenants db = new Tenants(platform.database()::connect);
        JsonNode team = Http.bearer(owner.accessToken()).postJson(platform.accountsUrl() + "/organizations", Map.of("name", "Team Credits"), 201);
        UUID teamId = UUID.fromString(team.path("id").asText());
        UUID memberUser = UUID.fromString(Http.bearer(member.accessToken()).getJson(platform.accountsUrl() + "/me").path("user").path("id").asText());
        db.member(teamId, memberUser, "member");
        db.credit(teamId, 7_500_000_000L);

        Page page = member.open("/credits");
        switchTo(page, teamId);
        assertThat(page.getByTestId("balance")).hasText("$7.50");
        assertThat(page.getByTestId("buy-note")).containsText("Only owners and admins");
        assertThat(page.locator("[name=amount]")).hasCount(0);
        assertThat(page.locator("#auto-topup")).hasCount(0);
        assertThat(page.getByTestId("transaction-row")).hasCount(1);
        member.screenshot("credits-member");

        // billing refuses the member, whatever the page offers
        APIResponse buy = post(member, platform, "/credits/checkout", Map.of("csrf", csrfToken(member), "amount", "10", "action", "buy"));
        assertThat(buy.status()).isEqualTo(403);
        assertThat(db.scalar("SELECT count(*) FROM payments WHERE organization_id = ?", teamId)).isZero();
    }

    @Test
    void another_organizations_session_is_a_404_and_a_post_without_csrf_is_refused(Platform platform, Persons persons) {
        Person gus = persons.open("credits-gus").signUp("Gus", "Payer");
        Person ivy = persons.open("credits-ivy").signUp("Ivy", "Other");
        Tenants db = new Tenants(platform.database()::connect);
        UUID gusOrg = organizationOf(platform, gus);
        JsonNode checkout = Http.bearer(gus.accessToken())
                .postJson(platform.billingUrl() + "/organizations/" + gusOrg + "/checkout", Map.of("amount", 5), 201);
        String sessionId = checkout.path("session_id").asText();

        Page page = ivy.open("/credits");
        Response foreign = page.navigate(platform.webUrl() + "/credits?checkout=success&session_id=" + sessionId);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(page.getByTestId("error-message")).hasText("Payment not found");
        assertThat(page.navigate(platform.webUrl() + "/credits?checkout=success&session_id=cs_made_up").status()).isEqualTo(404);
        assertThat(page.navigate(platform.webUrl() + "/credits?checkout=maybe").status()).isEqualTo(400);
        // gus himself sees it (pending: he never paid)
        Page gusPage = gus.open("/credits?checkout=success&session_id=" + sessionId + "&poll=15");
        assertThat(gusPage.getByTestId("checkout-result")).containsText("Payment still processing");

        // no CSRF token: refused, nothing started or saved
        UUID ivyOrg = organizationOf(platform, ivy);
        ivy.open("/credits");
        assertThat(post(ivy, platform, "/credits/checkout", Map.of("amount", "10", "action", "buy")).status()).isBetween(400, 499);
        assertThat(post(ivy, platform, "/credits/checkout", Map.of("csrf", "forged", "amount", "10", "action", "buy")).status()).isBetween(400, 499);
        assertThat(post(ivy, platform, "/credits/auto-topup", Map.of("threshold", "5", "topup_amount", "10")).status()).isBetween(400, 499);
        assertThat(post(ivy, platform, "/credits/auto-topup/card", Map.of()).status()).isBetween(400, 499);
        assertThat(db.scalar("SELECT count(*) FROM payments WHERE organization_id = ?", ivyOrg)).isZero();
        assertThat(db.scalar("SELECT count(*) FROM auto_topups WHERE organization_id = ?", ivyOrg)).isZero();
        // with the token, the same purchase goes to Stripe: the refusals above were the token's
        APIResponse buy = post(ivy, platform, "/credits/checkout", Map.of("csrf", csrfToken(ivy), "amount", "10", "action", "buy"));
        assertThat(buy.status()).isEqualTo(303);
        assertThat(buy.headers().get("location")).startsWith(stripeUrl(platform));
    }

    // ------------------------------------------------------------------ helpers

    /** The Stripe fake's public address, where its hosted page is (the browser's {@code localhost}). */
    static String stripeUrl(Platform platform) {
        return "http://localhost:" + platform.fakeStripe().port();
    }

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static UUID organizationOf(Platform platform, Person person) {
        return UUID.fromString(Http.bearer(person.accessToken()).getJson(platform.accountsUrl() + "/me")
                .path("current_organization").path("id").asText());
    }

    static void switchTo(Page page, UUID organization) {
        page.getByTestId("organization-switcher").selectOption(organization.toString());
        String path = page.url().replaceFirst("^https?://[^/]+", "");
        page.waitForResponse(r -> r.request().method().equals("GET") && r.url().endsWith(path), () -> button(page, "Switch").click());
        page.waitForLoadState();
        assertThat(page.getByTestId("organization-switcher")).hasValue(organization.toString());
    }

    static String csrfToken(Person person) {
        return person.page().locator("input[name=csrf]").first().inputValue();
    }

    static APIResponse post(Person person, Platform platform, String path, Map<String, String> fields) {
        FormData form = FormData.create();
        fields.forEach(form::set);
        return person.context().request().post(platform.webUrl() + path, RequestOptions.create().setForm(form).setMaxRedirects(0));
    }

    static JsonNode json(APIResponse response) {
        assertThat(response.status()).as(response.url()).isEqualTo(200);
        try {
            return JSON.readTree(response.text());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String query(String url, String name) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .filter(p -> p[0].equals(name)).map(p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + url));
    }
}
