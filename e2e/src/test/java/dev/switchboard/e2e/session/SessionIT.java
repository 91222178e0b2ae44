package dev.switchboard.e2e.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.e2e.platform.Platform;
import org.junit.jupiter.api.Test;

/**
 * The session as a person meets it: signing up lands on their overview; logging out ends the Keycloak session too
 * (the next page asks for the password again, it does not log them silently back in); forms without the CSRF token
 * are refused; the organization switcher answers another person's organization with 404; an unknown path is a 404.
 */
@E2eTest
class SessionIT {

    @Test
    void sign_up_lands_on_the_overview_and_log_out_ends_the_keycloak_session(Platform platform, Persons persons) {
        Person ada = persons.open("ada").signUp("Ada", "Lovelace");
        Page page = ada.open("/");
        assertThat(page.getByTestId("balance").textContent()).isEqualTo("$0.00");
        assertThat(page.locator("header").textContent()).contains(ada.email());

        ada.logOut();
        ada.open("/credits");
        // Keycloak's login form, not a silent SSO round trip back to the dashboard
        page.locator("#kc-form-login").waitFor();
        assertThat(page.url()).startsWith(platform.realmUrl());
        ada.screenshot("session-after-logout");
    }

    @Test
    void a_form_post_without_or_with_a_forged_csrf_token_is_refused(Platform platform, Persons persons) {
        Person bob = persons.open("bob").signUp("Bob", "Builder");
        Page page = bob.open("/");
        String personal = page.locator("#organization-switcher option[selected]").getAttribute("value");
        String url = platform.webUrl() + "/session/organization";

        APIResponse noToken = page.request().post(url, RequestOptions.create()
                .setForm(FormData.create().set("organization_id", personal).set("return_to", "/")).setMaxRedirects(0));
        assertThat(noToken.status()).isEqualTo(400);
        APIResponse forged = page.request().post(url, RequestOptions.create()
                .setForm(FormData.create().set("organization_id", personal).set("return_to", "/").set("csrf", "forged"))
                .setMaxRedirects(0));
        assertThat(forged.status()).isEqualTo(400);

        // the same form as the page sends it, token included, goes through
        String token = page.locator("form.switcher input[name=csrf]").getAttribute("value");
        APIResponse real = page.request().post(url, RequestOptions.create()
                .setForm(FormData.create().set("organization_id", personal).set("return_to", "/keys").set("csrf", token))
                .setMaxRedirects(0));
        assertThat(real.status()).isEqualTo(303);
        assertThat(real.headers().get("location")).endsWith("/keys");
    }

    @Test
    void the_switcher_answers_another_persons_organization_with_404_and_keeps_the_current_one(Platform platform, Persons persons) {
        Person carol = persons.open("carol").signUp("Carol", "Cook");
        Person dave = persons.open("dave").signUp("Dave", "Diver");
        JsonNode daves = Http.bearer(dave.accessToken()).getJson(platform.accountsUrl() + "/me");
        String davesOrganization = daves.path("current_organization").path("id").asText();

        Page page = carol.open("/");
        String carolsOrganization = page.locator("#organization-switcher option[selected]").getAttribute("value");
        page.evaluate("id => { const s = document.querySelector('#organization-switcher');"
                + " s.add(new Option('not mine', id)); s.value = id; }", davesOrganization);
        var response = page.waitForNavigation(() -> page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Switch")).click());
        assertThat(page.getByTestId("error-message").textContent()).contains("not found");
        assertThat(response.status()).isEqualTo(404);

        carol.open("/");
        assertThat(page.locator("#organization-switcher option[selected]").getAttribute("value")).isEqualTo(carolsOrganization);
    }

    @Test
    void an_unknown_path_is_a_404_page(Platform platform, Persons persons) {
        Person erin = persons.open("erin").signUp("Erin", "Example");
        var response = erin.page().navigate(platform.webUrl() + "/no-such-page");
        assertThat(response.status()).isEqualTo(404);
        assertThat(erin.page().getByTestId("error-message").textContent()).contains("no page");
    }
}
