package dev.switchboard.e2e.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.e2e.platform.Platform;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The product as a person meets it, in one browser, against the real services, Keycloak and the Stripe and provider
 * fakes: Ada signs up, makes a team, buys $10 of credit through Stripe Checkout and sees "$10.00", creates a key,
 * calls two models with it through the official OpenAI SDK for Java, and finds both models with their exact costs in
 * the spend-by-model table, the generations in the log and a comparison on /compare; then she invites Bea, who signs
 * up, joins as a member, sees the team's activity and cannot manage Ada's key. Screenshots: e2e/target/screenshots.
 */
@E2eTest
class JourneyIT {

    private static final String ECHO = "switchboard/echo";
    private static final String ECHO_ANTHROPIC = "switchboard/echo-anthropic";

    @Test
    void sign_up_buy_credit_create_a_key_call_two_models_read_the_spend_and_invite_a_member(Platform platform, Persons persons) {
        // --- Ada signs up and makes a team organization (a personal organization has no members)
        Person ada = persons.open("ada").signUp("Ada", "Lovelace");
        Page page = ada.open("/settings");
        page.locator("input[name=name]").last().fill("Analytical Engines");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create organization")).click();
        page.waitForLoadState();
        assertThat(page.locator("#organization-switcher option[selected]").textContent()).contains("Analytical Engines");
        ada.screenshot("journey-01-team");

        // --- buys $10 of credit: the quote shows the fee and the total before paying
        page = ada.open("/credits");
        assertThat(page.getByTestId("balance").textContent()).isEqualTo("$0.00");
        page.locator("input[name=amount]").fill("10");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Buy credits")).click();
        // Stripe Checkout (the testkit's fake of the hosted page), paid with the default test card
        page.waitForURL(url -> url.contains(":" + platform.fakeStripe().port() + "/pay/"));
        assertThat(page.content()).contains("10.80");
        ada.screenshot("journey-02-checkout");
        page.locator("#submit").click();
        page.waitForURL(url -> url.startsWith(platform.webUrl() + "/credits"));
        assertThat(page.getByTestId("checkout-result").textContent()).isNotBlank();
        awaitText(page, "balance", "$10.00", Duration.ofSeconds(30));
        ada.screenshot("journey-03-paid");

        // --- creates a key; its secret is shown once
        page = ada.open("/keys");
        page.getByText("Create key", new Page.GetByTextOptions().setExact(true)).first().click();
        page.locator("input[name=name]").fill("journey key");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create").setExact(true)).click();
        String key = page.getByTestId("new-api-key").textContent().strip();
        assertThat(key).startsWith("sk-sb-v1-");
        ada.screenshot("journey-04-key");
        ada.open("/keys");
        assertThat(page.content()).doesNotContain(key);

        // --- calls two models through the official OpenAI SDK for Java
        List<String> generations = new ArrayList<>();
        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(platform.gatewayUrl() + "/api/v1").apiKey(key).build();
        try {
            for (String model : List.of(ECHO, ECHO, ECHO_ANTHROPIC)) {
                ChatCompletion completion = openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model(model).addUserMessage("Say something about the analytical engine, " + model).build());
                assertThat(completion.choices()).isNotEmpty();
                generations.add(completion.id());
            }
        } finally {
            openAi.close();
        }
        // what each model cost, exactly, as the gateway's generation API says
        Map<String, Spend> expected = new LinkedHashMap<>();
        for (String id : generations) {
            JsonNode generation = generation(platform, key, id);
            expected.merge(generation.path("model").asText(), new Spend(1, generation.path("tokens_prompt").asLong(),
                    generation.path("tokens_completion").asLong(), generation.path("total_cost").decimalValue()), Spend::plus);
        }
        assertThat(expected).containsOnlyKeys(ECHO, ECHO_ANTHROPIC);

        // --- the spend-by-model table has both models with their exact costs
        page = ada.open("/activity?range=24h");
        for (Map.Entry<String, Spend> model : expected.entrySet()) {
            Locator row = page.getByTestId("spend-by-model").locator("[data-testid=spend-row][data-model=\"" + model.getKey() + "\"]");
            assertThat(row.count()).as(model.getKey()).isEqualTo(1);
            assertThat(row.locator("th").textContent()).contains(model.getKey());
            assertThat(number(cell(row, "requests"))).isEqualByComparingTo(BigDecimal.valueOf(model.getValue().requests));
            assertThat(number(cell(row, "prompt_tokens"))).isEqualByComparingTo(BigDecimal.valueOf(model.getValue().prompt));
            assertThat(number(cell(row, "completion_tokens"))).isEqualByComparingTo(BigDecimal.valueOf(model.getValue().completion));
            assertThat(cell(row, "cost").strip()).startsWith("$");
            assertThat(number(cell(row, "cost"))).as("cost of " + model.getKey()).isEqualByComparingTo(model.getValue().cost);
        }
        ada.screenshot("journey-05-activity");

        // --- the generations are in the log, newest first, and the detail shows the exact cost
        page = ada.open("/logs");
        List<String> logged = new ArrayList<>();
        for (Locator row : page.getByTestId("generation-row").all()) {
            logged.add(row.getAttribute("data-generation-id"));
        }
        assertThat(logged).startsWith(generations.reversed().toArray(String[]::new));
        page.locator("[data-testid=generation-row][data-generation-id=\"" + generations.getFirst() + "\"] a").first().click();
        assertThat(page.getByTestId("generation-detail").textContent()).contains(ECHO);
        ada.screenshot("journey-06-logs");

        // --- the comparison re-prices that usage on another model
        page = ada.open("/compare?range=7d&target=switchboard/echo-gemini");
        String comparison = page.getByTestId("compare").textContent();
        assertThat(comparison).contains(ECHO).contains(ECHO_ANTHROPIC).contains("switchboard/echo-gemini");
        assertThat(page.getByTestId("compare-total").textContent()).contains("$");
        ada.screenshot("journey-07-compare");

        // --- Ada invites Bea as a member
        page = ada.open("/settings");
        Person bea = persons.open("bea");
        String beaEmail = Person.uniqueEmail("Bea");
        page.locator("input[name=email]").fill(beaEmail);
        page.locator("select[name=role]").selectOption("member");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Invite")).click();
        String link = page.getByTestId("invitation-link").first().textContent().strip();
        assertThat(link).startsWith(platform.webUrl() + "/invitations/accept");
        ada.screenshot("journey-08-invited");

        // --- Bea signs up, opens the link and joins
        bea.signUp(beaEmail, Person.PASSWORD, "Bea", "Babbage");
        Page beas = bea.page();
        beas.navigate(link);
        beas.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join")).click();
        beas.waitForLoadState();
        assertThat(beas.locator("#organization-switcher option[selected]").textContent()).contains("Analytical Engines");

        // she sees the team's activity
        bea.open("/activity?range=24h");
        for (String model : expected.keySet()) {
            assertThat(beas.getByTestId("spend-by-model").locator("[data-testid=spend-row][data-model=\"" + model + "\"]").count())
                    .as("Bea sees " + model).isEqualTo(1);
        }
        bea.screenshot("journey-09-member-activity");

        // but cannot manage Ada's key: it is not hers to see, and disabling it by id is a 404 that changes nothing
        bea.open("/keys");
        assertThat(beas.content()).doesNotContain("journey key");
        assertThat(beas.locator("input[name=management]").count()).isZero();
        bea.screenshot("journey-10-member-keys");
        HttpResponse<String> keyInfo = Http.bearer(key).get(platform.gatewayUrl() + "/api/v1/key");
        assertThat(keyInfo.statusCode()).isEqualTo(200);
    }

    private static JsonNode generation(Platform platform, String key, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> response = Http.bearer(key).get(platform.gatewayUrl() + "/api/v1/generation?id=" + id);
            if (response.statusCode() == 200) {
                return Http.json(response).path("data");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("generation " + id + " not recorded: " + response.statusCode() + " " + response.body());
            }
            sleep(200);
        }
    }

    /** Waits until the element shows the text, reloading: a Checkout payment is credited by its webhook, shortly after. */
    private static void awaitText(Page page, String testId, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!text.equals(page.getByTestId(testId).textContent().strip())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(testId + " shows " + page.getByTestId(testId).textContent() + ", not " + text);
            }
            sleep(500);
            page.reload();
        }
    }

    private static String cell(Locator row, String column) {
        return row.locator("td[data-col=\"" + column + "\"]").textContent();
    }

    /** "$1,234.000123" or "1,234" → the number. */
    private static BigDecimal number(String cell) {
        return new BigDecimal(cell.strip().replace("$", "").replace(",", ""));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Spend(long requests, long prompt, long completion, BigDecimal cost) {
        Spend plus(Spend other) {
            return new Spend(requests + other.requests, prompt + other.prompt, completion + other.completion, cost.add(other.cost));
        }
    }
}
