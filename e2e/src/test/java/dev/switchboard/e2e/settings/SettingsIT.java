package dev.switchboard.e2e.settings;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * /settings and the invitation link as people use them: an owner creates a team and invites a second person, who
 * signs up in a browser of their own, opens the link, joins as a member and sees the team but no controls to manage
 * it; someone else's organization and member are 404 with nothing changed; forms without the CSRF token are refused;
 * accounts' refusals (the last owner, a link for another address, a used link) are shown as accounts words them.
 */
@E2eTest
class SettingsIT {

    @Test
    void an_owner_creates_a_team_and_invites_a_second_person_who_joins_as_a_member_without_management_controls(
            Platform platform, Persons persons) {
        Person ada = persons.open("ada").signUp("Ada", "Owner");
        Page page = ada.open("/settings");
        createTeam(page, "Analytical Engines");
        assertThat(page.url()).isEqualTo(platform.webUrl() + "/settings");
        assertThat(page.getByTestId("current-organization").textContent()).contains("Analytical Engines").contains("your role: owner");
        assertThat(page.locator("#organization-switcher option[selected]").textContent()).isEqualTo("Analytical Engines (owner)");
        String team = page.locator("#organization-switcher option[selected]").getAttribute("value");

        String bobEmail = Person.uniqueEmail("Bob");
        page.getByLabel("E-mail").fill(bobEmail);
        page.locator("#invite-role").selectOption("member");
        click(page, "Invite");
        String link = page.getByTestId("invitation-link").textContent().strip();
        assertThat(link).startsWith(platform.webUrl() + "/invitations/accept?token=");
        assertThat(page.getByTestId("invitations").textContent()).contains(bobEmail);
        ada.screenshot("settings-invited");

        Person bob = persons.open("bob").signUp(bobEmail, Person.PASSWORD, "Bob", "Member");
        Page bobs = bob.page();
        bobs.navigate(link);
        assertThat(bobs.locator("h1").textContent()).isEqualTo("Join Analytical Engines as member?");
        assertThat(bobs.locator("main").textContent()).containsPattern("valid until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
        bob.screenshot("settings-join");
        click(bobs, "Join organization");
        bobs.waitForURL(platform.webUrl() + "/");
        // the team is Bob's current organization now, in the switcher
        assertThat(bobs.locator("#organization-switcher option[selected]").textContent()).isEqualTo("Analytical Engines (member)");
        assertThat(tenants(platform).text("SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id "
                + "WHERE m.organization_id = ?::uuid AND lower(u.email) = lower(?)", team, bobEmail)).isEqualTo("member");

        bob.open("/settings");
        Locator members = bobs.getByTestId("members");
        assertThat(members.textContent()).contains(ada.email().toLowerCase()).contains(bobEmail.toLowerCase());
        Locator bobsOwnRow = members.locator("tr", new Locator.LocatorOptions().setHasText(bobEmail.toLowerCase()));
        assertThat(bobsOwnRow.locator("[data-role]").textContent().strip()).isEqualTo("member");
        assertThat(bobsOwnRow.textContent()).containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC"); // joined, as a time
        // a member manages nothing: no invitations, no role changes, no removals, no rename
        assertThat(bobs.getByTestId("invitations").count()).isZero();
        assertThat(bobs.locator("#invite").count()).isZero();
        assertThat(button(bobs, "Change role").count()).isZero();
        assertThat(button(bobs, "Remove member").count()).isZero();
        assertThat(button(bobs, "Rename").count()).isZero();
        assertThat(button(bobs, "Leave organization").count()).isEqualTo(1); // but may leave
        bob.screenshot("settings-member");

        // the link is single-use
        Response again = bobs.navigate(link);
        assertThat(again.status()).isEqualTo(410);
        assertThat(bobs.getByTestId("error-message").textContent()).isEqualTo("This invitation has already been used");

        // the owner sees Bob, and may make him an admin
        ada.open("/settings");
        Locator bobsRow = page.getByTestId("members").locator("tr", new Locator.LocatorOptions().setHasText(bobEmail.toLowerCase()));
        bobsRow.locator("select[name=member_role]").selectOption("admin");
        page.waitForNavigation(() -> bobsRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Change role")).click());
        assertThat(page.getByTestId("members").locator("tr", new Locator.LocatorOptions().setHasText(bobEmail.toLowerCase()))
                .locator("select[name=member_role] option[selected]").getAttribute("value")).isEqualTo("admin");
    }

    @Test
    void another_persons_organization_and_member_are_404_and_nothing_changes(Platform platform, Persons persons) {
        Person ada = persons.open("ada").signUp("Ada", "Target");
        Page adas = ada.open("/settings");
        createTeam(adas, "Not Eve's");
        String team = adas.locator("#organization-switcher option[selected]").getAttribute("value");
        String adaId = Http.bearer(ada.accessToken()).getJson(platform.accountsUrl() + "/me").path("user").path("id").asText();

        Person eve = persons.open("eve").signUp("Eve", "Intruder");
        Page page = eve.open("/settings");
        String csrf = page.locator("input[name=csrf]").first().getAttribute("value");
        String base = platform.webUrl() + "/settings/organizations/" + team;
        Map<String, FormData> posts = Map.of(
                base + "/members/" + adaId + "/role", FormData.create().set("member_role", "member"),
                base + "/members/" + adaId + "/remove", FormData.create(),
                base + "/rename", FormData.create().set("name", "Eve's now"),
                base + "/invitations", FormData.create().set("email", "eve-friend@example.test").set("role", "owner"),
                base + "/delete", FormData.create(),
                base + "/invitations/" + UUID.randomUUID() + "/revoke", FormData.create(),
                platform.webUrl() + "/settings/organizations/not-an-id/rename", FormData.create().set("name", "x"));
        for (Map.Entry<String, FormData> post : posts.entrySet()) {
            APIResponse response = page.request().post(post.getKey(), RequestOptions.create()
                    .setForm(post.getValue().set("csrf", csrf)).setMaxRedirects(0));
            assertThat(response.status()).as(post.getKey()).isEqualTo(404);
        }
        Tenants db = tenants(platform);
        assertThat(db.text("SELECT role FROM memberships WHERE organization_id = ?::uuid AND user_id = ?::uuid", team, adaId)).isEqualTo("owner");
        assertThat(db.text("SELECT name FROM organizations WHERE id = ?::uuid", team)).isEqualTo("Not Eve's");
        assertThat(db.scalar("SELECT count(*) FROM organizations WHERE id = ?::uuid AND deleted_at IS NULL", team)).isEqualTo(1);
        assertThat(db.scalar("SELECT count(*) FROM invitations WHERE organization_id = ?::uuid", team)).isZero();
    }

    @Test
    void a_form_without_the_csrf_token_is_refused_and_changes_nothing(Platform platform, Persons persons) {
        Person ada = persons.open("ada").signUp("Ada", "Careful");
        Page page = ada.open("/settings");
        createTeam(page, "Guarded");
        String team = page.locator("#organization-switcher option[selected]").getAttribute("value");
        String carolEmail = Person.uniqueEmail("Carol");
        page.getByLabel("E-mail").fill(carolEmail);
        click(page, "Invite");
        String link = page.getByTestId("invitation-link").textContent().strip();
        String token = link.substring(link.indexOf("token=") + "token=".length());

        Tenants db = tenants(platform);
        long organizations = db.scalar("SELECT count(*) FROM organizations");
        APIResponse create = page.request().post(platform.webUrl() + "/settings/organizations", RequestOptions.create()
                .setForm(FormData.create().set("name", "Forged")).setMaxRedirects(0));
        assertThat(create.status()).isEqualTo(400);
        APIResponse rename = page.request().post(platform.webUrl() + "/settings/organizations/" + team + "/rename",
                RequestOptions.create().setForm(FormData.create().set("name", "Forged").set("csrf", "forged")).setMaxRedirects(0));
        assertThat(rename.status()).isEqualTo(400);
        assertThat(db.scalar("SELECT count(*) FROM organizations")).isEqualTo(organizations);
        assertThat(db.text("SELECT name FROM organizations WHERE id = ?::uuid", team)).isEqualTo("Guarded");

        // the invited person posting the valid token without the CSRF token joins nothing ...
        Person carol = persons.open("carol").signUp(carolEmail, Person.PASSWORD, "Carol", "Invited");
        Page carols = carol.page();
        APIResponse accept = carols.request().post(platform.webUrl() + "/invitations/accept", RequestOptions.create()
                .setForm(FormData.create().set("token", token)).setMaxRedirects(0));
        assertThat(accept.status()).isEqualTo(400);
        assertThat(db.scalar("SELECT count(*) FROM memberships WHERE organization_id = ?::uuid", team)).isEqualTo(1);
        // ... and the page's own form, token included, does join
        carols.navigate(link);
        click(carols, "Join organization");
        assertThat(db.scalar("SELECT count(*) FROM memberships WHERE organization_id = ?::uuid", team)).isEqualTo(2);
    }

    @Test
    void accounts_refusals_are_shown_as_accounts_words_them(Platform platform, Persons persons) {
        Person ada = persons.open("ada").signUp("Ada", "Alone");
        Page page = ada.open("/settings");
        createTeam(page, "Solo");
        String team = page.locator("#organization-switcher option[selected]").getAttribute("value");

        // the last owner cannot make herself a member: 409 next to the members, nothing changed
        Locator own = page.getByTestId("members").locator("tr", new Locator.LocatorOptions().setHasText("(you)"));
        own.locator("select[name=member_role]").selectOption("member");
        Response refused = page.waitForNavigation(() ->
                own.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Change role")).click());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(page.locator("#members [role=alert]").textContent()).containsIgnoringCase("owner");
        assertThat(tenants(platform).scalar("SELECT count(*) FROM memberships WHERE organization_id = ?::uuid AND role = 'owner'", team))
                .isEqualTo(1);

        // a blank name (the browser's check bypassed): accounts' 400 names the field, next to the form
        String csrf = page.locator("input[name=csrf]").first().getAttribute("value");
        APIResponse blank = page.request().post(platform.webUrl() + "/settings/organizations", RequestOptions.create()
                .setForm(FormData.create().set("name", "   ").set("csrf", csrf)).setMaxRedirects(0));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.text()).contains("data-testid=\"settings-error\">name: ");

        // a link for another address: accounts' 403 with the masked address, on an error page; nothing joined
        page.getByLabel("E-mail").fill("someone-else@example.test");
        click(page, "Invite");
        String link = page.getByTestId("invitation-link").textContent().strip();
        Person eve = persons.open("eve").signUp("Eve", "Wrong");
        Response wrong = eve.page().navigate(link);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(eve.page().getByTestId("error-message").textContent()).contains("s***@example.test");
        assertThat(tenants(platform).scalar("SELECT count(*) FROM memberships WHERE organization_id = ?::uuid", team)).isEqualTo(1);
        eve.screenshot("settings-wrong-address");

        // the owner revokes it: gone from the list, and the link is dead
        ada.open("/settings");
        Locator pending = page.getByTestId("invitations").locator("tr", new Locator.LocatorOptions().setHasText("someone-else@example.test"));
        pending.locator("summary").click();
        page.waitForNavigation(() -> pending.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke invitation")).click());
        assertThat(page.getByTestId("invitations").textContent()).doesNotContain("someone-else@example.test");
    }

    private static void createTeam(Page page, String name) {
        page.locator("#create-organization").getByLabel("Name").fill(name);
        click(page, "Create organization");
        page.waitForLoadState();
    }

    private static void click(Page page, String button) {
        page.waitForNavigation(() -> button(page, button).click());
    }

    /** Hidden ones included: a confirming button waits inside a closed {@code <details>} until it is opened. */
    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true).setIncludeHidden(true));
    }

    private static Tenants tenants(Platform platform) {
        return new Tenants(platform.database()::connect);
    }
}
