package dev.switchboard.e2e.keys;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.e2e.platform.Platform;
import dev.switchboard.testkit.seed.Tenants;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * "/keys" in the browser against the real accounts-service and gateway: a key is created with a limit and rate limits,
 * its secret is shown once and works at the gateway, then it is disabled (the gateway refuses it), enabled, its limits
 * edited and it is deleted after a confirmation; input errors show accounts' reasons; another organization's key id is
 * a 404 that changes nothing; a POST without the CSRF token is refused.
 */
@E2eTest
class KeysIT {

    @Test
    void a_key_is_created_shown_once_used_disabled_enabled_edited_and_deleted(Platform platform, Persons persons) {
        Person ada = persons.open("keys-ada").signUp("Ada", "Keys");
        Tenants db = new Tenants(platform.database()::connect);
        UUID org = organizationOf(platform, ada);
        Page page = ada.open("/keys");
        assertThat(page.getByTestId("keys")).isVisible();

        button(page, "Create key").click();
        page.locator("[name=name]").fill("ci pipeline");
        page.locator("[name=limit]").fill("12.50");
        page.locator("[name=limit_reset]").selectOption("weekly");
        page.locator("[name=rate_limit_rpm]").fill("600");
        page.locator("[name=rate_limit_tpm]").fill("100000");
        assertThat(page.locator("[name=management]")).isVisible(); // the owner of their personal organization
        Response created = page.waitForResponse(r -> r.request().method().equals("POST") && r.url().endsWith("/keys"),
                () -> button(page, "Create").click());
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.headerValue("cache-control")).isEqualTo("no-store");
        String secret = page.getByTestId("new-api-key").textContent().strip();
        assertThat(secret).startsWith("sk-sb-v1-");
        assertThat(page.url()).doesNotContain(secret);
        assertThat(page.getByTestId("new-key-banner")).containsText("will not be shown again");
        assertThat(button(page, "Copy")).isVisible();
        ada.screenshot("keys-created");

        Locator row = keyRow(page, "ci pipeline");
        UUID keyId = UUID.fromString(row.getAttribute("data-key-id"));
        assertThat(row.getByTestId("key-status")).hasText("active");
        assertThat(row.getByTestId("key-limit")).hasText("$12.50 per week");
        assertThat(row.getByTestId("key-limit-remaining")).hasText("$12.50");
        assertThat(row.getByTestId("key-usage-total")).hasText("$0.00");
        assertThat(row.getByTestId("key-rate-limit-rpm")).hasText("600");
        assertThat(row.getByTestId("key-rate-limit-tpm")).hasText("100,000");
        assertThat(row).containsText(ada.email());
        assertThat(db.text("""
                SELECT limit_nanos || ' ' || limit_reset || ' ' || is_management || ' ' || rate_limit_rpm || ' ' || rate_limit_tpm
                FROM api_keys WHERE id = ? AND organization_id = ?""", keyId, org)).isEqualTo("12500000000 weekly false 600 100000");

        // the secret works at the gateway, and is not shown again, nor stored anywhere the browser keeps
        awaitGateway(platform, secret, status -> status == 200);
        page.reload(); // the answer of a POST: the page's script made its history entry a GET of /keys, so no second key
        assertThat(page.getByTestId("new-api-key")).hasCount(0);
        assertThat(page.getByTestId("key-row")).hasCount(1);
        ada.open("/keys");
        assertThat(page.getByTestId("new-api-key")).hasCount(0);
        assertThat(page.content()).doesNotContain(secret);
        assertThat(ada.context().cookies()).noneMatch(cookie -> cookie.value.contains(secret));

        // disable: the gateway refuses the key
        keyRow(page, "ci pipeline").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable ci pipeline")).click();
        assertThat(page.getByTestId("keys-status")).containsText("Key disabled");
        assertThat(keyRow(page, "ci pipeline").getByTestId("key-status")).hasText("disabled");
        assertThat(db.text("SELECT disabled::text FROM api_keys WHERE id = ?", keyId)).isEqualTo("true");
        awaitGateway(platform, secret, status -> status == 401);

        // enable again
        keyRow(page, "ci pipeline").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Enable ci pipeline")).click();
        assertThat(page.getByTestId("keys-status")).hasText("Key enabled.");
        assertThat(keyRow(page, "ci pipeline").getByTestId("key-status")).hasText("active");
        awaitGateway(platform, secret, status -> status == 200);

        // edit the limits: bad ones first, which change nothing
        keyRow(page, "ci pipeline").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit limits of ci pipeline")).click();
        assertThat(page.locator("[name=limit]")).hasValue("12.5");
        assertThat(page.locator("[name=rate_limit_rpm]")).hasValue("600");
        assertThat(page.locator("[name=rate_limit_tpm]")).hasValue("100000");
        page.locator("[name=limit]").fill("-3");
        Response refused = page.waitForResponse(r -> r.request().method().equals("POST"), () -> button(page, "Save").click());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(page.getByTestId("form-error")).hasText("limit: must be 0 or more (USD)");
        page.locator("[name=limit]").fill("");
        page.locator("[name=limit_reset]").selectOption("daily");
        refused = page.waitForResponse(r -> r.request().method().equals("POST"), () -> button(page, "Save").click());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(page.getByTestId("form-error")).hasText("limit_reset: needs a limit");
        page.locator("[name=limit]").fill("20");
        page.locator("[name=limit_reset]").selectOption("monthly");
        page.locator("[name=rate_limit_rpm]").fill("2000000"); // the browser lets it through, accounts names its bound
        refused = page.waitForResponse(r -> r.request().method().equals("POST"), () -> button(page, "Save").click());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(page.getByTestId("form-error")).hasText("rate_limit_rpm: must be a whole number from 1 to 1000000, or null for the default");
        assertThat(page.locator("[name=rate_limit_rpm]")).hasValue("2000000"); // the form keeps what was typed
        assertThat(db.text("SELECT limit_nanos || ' ' || limit_reset || ' ' || rate_limit_rpm || ' ' || rate_limit_tpm FROM api_keys WHERE id = ?",
                keyId)).isEqualTo("12500000000 weekly 600 100000");
        page.locator("[name=rate_limit_rpm]").fill("120");
        page.locator("[name=rate_limit_tpm]").fill(""); // back to the operator's default
        button(page, "Save").click();
        assertThat(page.getByTestId("keys-status")).hasText("Limits saved.");
        assertThat(keyRow(page, "ci pipeline").getByTestId("key-limit")).hasText("$20.00 per month");
        assertThat(keyRow(page, "ci pipeline").getByTestId("key-rate-limit-rpm")).hasText("120");
        assertThat(keyRow(page, "ci pipeline").getByTestId("key-rate-limit-tpm")).hasText("default");
        assertThat(db.text("SELECT limit_nanos || ' ' || limit_reset || ' ' || rate_limit_rpm || ' ' || coalesce(rate_limit_tpm::text, 'null') FROM api_keys WHERE id = ?",
                keyId)).isEqualTo("20000000000 monthly 120 null");
        keyRow(page, "ci pipeline").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit limits of ci pipeline")).click();
        assertThat(page.locator("[name=rate_limit_rpm]")).hasValue("120");
        assertThat(page.locator("[name=rate_limit_tpm]")).hasValue("");
        ada.open("/keys");

        // delete, after the confirmation
        keyRow(page, "ci pipeline").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Delete ci pipeline")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Delete key ci pipeline?");
        ada.screenshot("keys-delete-confirmation");
        assertThat(db.text("SELECT (deleted_at IS NULL)::text FROM api_keys WHERE id = ?", keyId)).as("not before confirming").isEqualTo("true");
        button(page, "Delete key").click();
        assertThat(page.getByTestId("keys-status")).containsText("Key deleted");
        assertThat(page.locator("[data-testid=key-row][data-key-id='" + keyId + "']")).hasCount(0);
        assertThat(db.text("SELECT (deleted_at IS NOT NULL)::text FROM api_keys WHERE id = ?", keyId)).isEqualTo("true");
        awaitGateway(platform, secret, status -> status == 401);
        ada.screenshot("keys-deleted");
    }

    @Test
    void a_refused_key_shows_the_reason_on_the_form_and_creates_nothing(Platform platform, Persons persons) {
        Person bob = persons.open("keys-bob").signUp("Bob", "Keys");
        Tenants db = new Tenants(platform.database()::connect);
        UUID org = organizationOf(platform, bob);
        Page page = bob.open("/keys/new");

        Map<String, String[]> cases = Map.of(
                "ten dollars", new String[] {"", "limit: must be a number of USD, e.g. 12.34"},
                "5.1234567", new String[] {"", "limit: must have at most 6 decimal places"},
                "", new String[] {"daily", "limit_reset: needs a limit"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            page.locator("[name=name]").fill("refused");
            page.locator("[name=limit]").fill(c.getKey());
            page.locator("[name=limit_reset]").selectOption(c.getValue()[0].isEmpty() ? "none" : c.getValue()[0]);
            Response answer = page.waitForResponse(r -> r.request().method().equals("POST"), () -> button(page, "Create").click());
            assertThat(answer.status()).as(c.getKey()).isEqualTo(400);
            assertThat(page.getByTestId("form-error")).hasText(c.getValue()[1]);
            assertThat(page.locator("[name=name]")).hasValue("refused"); // the form keeps what was typed
        }
        page.locator("[name=limit]").fill("");
        page.locator("[name=limit_reset]").selectOption("none");
        page.locator("[name=rate_limit_tpm]").fill("20000000000");
        Response tooMany = page.waitForResponse(r -> r.request().method().equals("POST"), () -> button(page, "Create").click());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(page.getByTestId("form-error")).hasText("rate_limit_tpm: must be a whole number from 1 to 10000000000, or null for the default");
        assertThat(page.locator("[name=rate_limit_tpm]")).hasValue("20000000000");
        page.locator("[name=rate_limit_tpm]").fill("");
        page.locator("[name=expires_at]").fill("2020-01-31");
        Response past = page.waitForResponse(r -> r.request().method().equals("POST"), () -> button(page, "Create").click());
        assertThat(past.status()).isEqualTo(400);
        assertThat(page.getByTestId("form-error")).hasText("expires_at: must be in the future");
        bob.screenshot("keys-create-refused");
        assertThat(db.scalar("SELECT count(*) FROM api_keys WHERE organization_id = ?", org)).isZero();

        // an expiry date is the end of that day in UTC
        page.locator("[name=expires_at]").fill("2031-03-15");
        button(page, "Create").click();
        assertThat(page.getByTestId("new-api-key")).isVisible();
        assertThat(db.text("SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM api_keys WHERE organization_id = ?", org))
                .isEqualTo("2031-03-15 23:59:59");
        assertThat(keyRow(page, "refused")).containsText("2031-03-15 23:59 UTC");
    }

    @Test
    void another_organizations_key_is_a_404_everywhere_and_stays_as_it_was(Platform platform, Persons persons) {
        Person ann = persons.open("keys-ann").signUp("Ann", "Owner");
        Person eve = persons.open("keys-eve").signUp("Eve", "Other");
        Tenants db = new Tenants(platform.database()::connect);
        UUID annOrg = organizationOf(platform, ann);
        JsonNode annKey = Http.bearer(ann.accessToken())
                .postJson(platform.accountsUrl() + "/organizations/" + annOrg + "/keys", Map.of("name", "ann's", "limit", 5), 201);
        String keyId = annKey.path("id").asText();

        Page page = eve.open("/keys");
        assertThat(page.locator("[data-key-id='" + keyId + "']")).hasCount(0);
        for (String path : new String[] {"/keys/" + keyId + "/limit", "/keys/" + keyId + "/delete", "/keys/" + UUID.randomUUID() + "/limit",
                "/keys/not-a-key/delete"}) {
            Response answer = page.navigate(platform.webUrl() + path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(page.getByTestId("error-message")).isVisible();
        }
        eve.screenshot("keys-another-organizations-key");

        // eve's own session and CSRF token, ann's key id
        String csrf = csrfToken(eve);
        for (String action : new String[] {"disable", "enable", "delete"}) {
            assertThat(post(eve, "/keys/" + keyId + "/" + action, Map.of("csrf", csrf)).status()).as(action).isEqualTo(404);
        }
        assertThat(post(eve, "/keys/" + keyId + "/limit", Map.of("csrf", csrf, "limit", "1", "limit_reset", "daily")).status()).isEqualTo(404);
        assertThat(post(eve, "/keys/" + UUID.randomUUID() + "/disable", Map.of("csrf", csrf)).status()).isEqualTo(404);

        assertThat(db.text("SELECT disabled || ' ' || (deleted_at IS NULL) || ' ' || limit_nanos || ' ' || coalesce(limit_reset, '-') FROM api_keys WHERE id = ?::uuid",
                keyId)).isEqualTo("false true 5000000000 -");
    }

    @Test
    void a_post_without_the_csrf_token_is_refused_and_changes_nothing(Platform platform, Persons persons) {
        Person cat = persons.open("keys-cat").signUp("Cat", "Csrf");
        Tenants db = new Tenants(platform.database()::connect);
        UUID org = organizationOf(platform, cat);
        Page page = cat.open("/keys/new");
        page.locator("[name=name]").fill("mine");
        button(page, "Create").click();
        String keyId = keyRow(page, "mine").getAttribute("data-key-id");

        APIResponse disable = post(cat, "/keys/" + keyId + "/disable", Map.of());
        assertThat(disable.status()).isBetween(400, 499);
        APIResponse forged = post(cat, "/keys/" + keyId + "/delete", Map.of("csrf", "forged-token"));
        assertThat(forged.status()).isBetween(400, 499);
        APIResponse create = post(cat, "/keys", Map.of("name", "sneaky"));
        assertThat(create.status()).isBetween(400, 499);
        assertThat(create.text()).doesNotContain("sk-sb-v1-");

        assertThat(db.text("SELECT disabled || ' ' || (deleted_at IS NULL) FROM api_keys WHERE id = ?::uuid", keyId)).isEqualTo("false true");
        assertThat(db.scalar("SELECT count(*) FROM api_keys WHERE organization_id = ?", org)).isEqualTo(1);

        // a page opened meanwhile in another tab does not make the token of the forms on screen stale
        Page other = cat.context().newPage();
        other.navigate(page.url().replaceFirst("^(https?://[^/]+).*$", "$1") + "/keys/new");
        other.close();
        keyRow(page, "mine").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable mine")).click();
        assertThat(page.getByTestId("keys-status")).containsText("Key disabled");
        assertThat(db.text("SELECT disabled::text FROM api_keys WHERE id = ?::uuid", keyId)).isEqualTo("true");
    }

    @Test
    void a_member_sees_their_own_keys_without_the_management_option(Platform platform, Persons persons) {
        Person owner = persons.open("keys-owner").signUp("Olga", "Owner");
        Person member = persons.open("keys-member").signUp("Max", "Member");
        Tenants db = new Tenants(platform.database()::connect);
        // a team of the owner's, with the member in it (invitations are another page's; here the rows are seeded)
        JsonNode team = Http.bearer(owner.accessToken()).postJson(platform.accountsUrl() + "/organizations", Map.of("name", "Team Keys"), 201);
        UUID teamId = UUID.fromString(team.path("id").asText());
        UUID memberUser = UUID.fromString(Http.bearer(member.accessToken()).getJson(platform.accountsUrl() + "/me").path("user").path("id").asText());
        db.member(teamId, memberUser, "member");
        Http.bearer(owner.accessToken()).postJson(platform.accountsUrl() + "/organizations/" + teamId + "/keys", Map.of("name", "owner's key"), 201);

        Page page = member.open("/keys");
        switchTo(page, teamId);
        assertThat(page.getByTestId("key-row")).hasCount(0); // the owner's key is not the member's to see

        button(page, "Create key").click();
        assertThat(page.locator("[name=management]")).hasCount(0);
        page.locator("[name=name]").fill("member's key");
        button(page, "Create").click();
        assertThat(page.getByTestId("new-api-key")).isVisible();
        assertThat(page.getByTestId("key-row")).hasCount(1);
        member.screenshot("keys-member");

        // a member may disable and delete their own key (accounts' rule), and cannot make a management key
        keyRow(page, "member's key").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable member's key")).click();
        assertThat(keyRow(page, "member's key").getByTestId("key-status")).hasText("disabled");
        APIResponse management = post(member, "/keys", Map.of("csrf", csrfToken(member), "name", "admin", "management", "true"));
        assertThat(management.status()).isEqualTo(403);
        assertThat(management.text()).contains("Only owners and admins may create a management key");
        assertThat(db.scalar("SELECT count(*) FROM api_keys WHERE organization_id = ? AND is_management", teamId)).isZero();

        // the owner sees both keys, with their creators
        Page ownerPage = owner.open("/keys");
        switchTo(ownerPage, teamId);
        assertThat(ownerPage.getByTestId("key-row")).hasCount(2);
        assertThat(keyRow(ownerPage, "member's key")).containsText(member.email());
    }

    // ------------------------------------------------------------------ helpers

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    static Locator keyRow(Page page, String name) {
        return page.getByTestId("key-row").filter(new Locator.FilterOptions().setHas(
                page.getByTestId("key-name").getByText(name, new Locator.GetByTextOptions().setExact(true))));
    }

    /** The header's organization switcher; back on the same page, now for {@code organization}. */
    static void switchTo(Page page, UUID organization) {
        page.getByTestId("organization-switcher").selectOption(organization.toString());
        String path = page.url().replaceFirst("^https?://[^/]+", "");
        page.waitForResponse(r -> r.request().method().equals("GET") && r.url().endsWith(path), () -> button(page, "Switch").click());
        page.waitForLoadState();
        assertThat(page.getByTestId("organization-switcher")).hasValue(organization.toString());
    }

    static UUID organizationOf(Platform platform, Person person) {
        return UUID.fromString(Http.bearer(person.accessToken()).getJson(platform.accountsUrl() + "/me")
                .path("current_organization").path("id").asText());
    }

    /** The CSRF token of the person's session, from a form of the page they are on. */
    static String csrfToken(Person person) {
        return person.page().locator("input[name=csrf]").first().inputValue();
    }

    /** A form POST in the person's browser context (their session cookies), redirects not followed. */
    static APIResponse post(Person person, String path, Map<String, String> fields) {
        FormData form = FormData.create();
        fields.forEach(form::set);
        String url = person.page().url().replaceFirst("^(https?://[^/]+).*$", "$1") + path;
        return person.context().request().post(url, RequestOptions.create().setForm(form).setMaxRedirects(0));
    }

    /** The gateway's answer to {@code GET /api/v1/key} with {@code secret}, once it satisfies {@code expected} (it follows key changes by notification). */
    static void awaitGateway(Platform platform, String secret, IntPredicate expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int status;
        do {
            status = Http.bearer(secret).get(platform.gatewayUrl() + "/api/v1/key").statusCode();
            if (expected.test(status)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the gateway still answers " + status + " to GET /api/v1/key");
    }
}
