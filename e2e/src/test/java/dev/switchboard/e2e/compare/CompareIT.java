package dev.switchboard.e2e.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Csv;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.e2e.platform.Platform;
import dev.switchboard.testkit.seed.Tenants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * /compare as a person uses it: real usage of switchboard/echo (seeded as the gateway records it) re-priced on two
 * other served models of the e2e catalog, with every figure computed by hand from the catalog's prices; the CSV
 * download holds exactly what the table shows; another person reads nothing of it, through the dashboard or billing.
 */
@E2eTest
class CompareIT {

    static final String ECHO = "switchboard/echo";
    static final String EMBED = "switchboard/echo-embed";
    static final String GEMINI = "switchboard/echo-gemini";
    static final String ANTHROPIC = "switchboard/echo-anthropic";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Yesterday (inside "Last 7 days"), as the gateway bills on switchboard/echo at $1.25 / $3.75 / $0.125 (cached)
     * per million tokens, and on echo-embed at $0.01875:
     * <pre>
     * echo   P 1 000 (101 cached) C 200   899×1 250 000 + 101×125 000 + 200×3 750 000 = 1 886 375 000 pico
     * echo   P   333              C  77   333×1 250 000 +  77×3 750 000              =   705 000 000 pico
     * embed  P 5 000                      5 000×18 750                               =    93 750 000 pico
     * </pre>
     * so echo paid $0.002591375 (P 1 333, 101 cached, C 277, 2 requests) and the embeddings $0.00009375.
     */
    private static UUID seedUsage(Platform platform, Person person) {
        UUID org = organization(platform, person);
        Tenants tenants = new Tenants(platform.database()::connect);
        Tenants.Key key = tenants.addKey(org, null, null);
        Instant yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        tenants.generation(org, key.id(), ECHO, "fake", yesterday, 1_000, 200, 0, 101, 1_886_375);
        tenants.generation(org, key.id(), ECHO, "fake", yesterday.plusSeconds(60), 333, 77, 0, 0, 705_000);
        tenants.generation(org, key.id(), EMBED, "fake", yesterday.plusSeconds(120), 5_000, 0, 0, 0, 93_750);
        return org;
    }

    private static UUID organization(Platform platform, Person person) {
        JsonNode me = Http.bearer(person.accessToken()).getJson(platform.accountsUrl() + "/me");
        return UUID.fromString(me.path("current_organization").path("id").asText());
    }

    @Test
    void real_usage_re_priced_on_two_models_equals_the_hand_computation_and_the_csv_equals_the_table(Platform platform,
                                                                                                      Persons persons) throws IOException {
        Person ada = persons.open("ada").signUp("Ada", "Compare");
        seedUsage(platform, ada);
        Page page = ada.open("/compare");
        page.getByLabel("Range").selectOption("7d");
        page.getByLabel("Compare with").selectOption(new String[] {GEMINI, ANTHROPIC});
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare").setExact(true)).click();
        page.waitForURL(url -> url.contains("target="));
        assertThat(page.url()).contains("range=7d").contains("target=switchboard%2Fecho-gemini")
                .contains("target=switchboard%2Fecho-anthropic");

        Locator table = page.getByTestId("compare");
        Locator echo = table.locator("tr[data-model='" + ECHO + "']");
        assertThat(echo.locator("[data-paid]").textContent()).isEqualTo("$0.002591375");
        // echo-gemini at $0.35 / $1.05 / $0.0875 cached per million tokens:
        //   1 232×350 000 + 101×87 500 + 277×1 050 000 = 730 887 500 pico → half up → $0.000730888
        assertThat(cost(echo, GEMINI)).isEqualTo("$0.000730888");
        assertThat(difference(echo, GEMINI)).isEqualTo("-$0.001860487 (-71.8%)");
        // echo-anthropic at $2.25 / $6.75 / $0.225 cached (its cache-write price is unused: no cache writes recorded):
        //   1 232×2 250 000 + 101×225 000 + 277×6 750 000 = 4 664 475 000 pico = $0.004664475
        assertThat(cost(echo, ANTHROPIC)).isEqualTo("$0.004664475");
        assertThat(difference(echo, ANTHROPIC)).isEqualTo("+$0.0020731 (+80%)");
        // embeddings are not re-priced on chat models
        Locator embed = table.locator("tr[data-model='" + EMBED + "']");
        assertThat(embed.locator("[data-paid]").textContent()).isEqualTo("$0.00009375");
        assertThat(embed.locator("[data-target='" + GEMINI + "']").textContent()).contains("not comparable");

        Locator total = page.getByTestId("compare-total");
        assertThat(total.locator("[data-paid]").textContent()).isEqualTo("$0.002685125");
        assertThat(total.locator("[data-target='" + GEMINI + "'] [data-cost]").textContent()).isEqualTo("$0.000730888");
        assertThat(total.locator("[data-target='" + GEMINI + "'] [data-difference]").textContent()).isEqualTo("-$0.001860487 (-71.8%)");
        // the totals compare like with like: the chat models' total against what was paid for chat usage
        assertThat(total.locator("[data-target='" + GEMINI + "']").textContent()).contains("vs $0.002591375 paid for chat models");
        assertThat(total.locator("[data-target='" + ANTHROPIC + "'] [data-cost]").textContent()).isEqualTo("$0.004664475");
        assertThat(page.getByTestId("token-counts-note").textContent()).contains("Token counts are the source model's own");
        ada.screenshot("compare-table");

        // the CSV download: a line per model used and target, the same figures as the table's cells
        Download download = page.waitForDownload(() -> page.getByTestId("compare-csv").click());
        List<List<String>> csv = Csv.parse(Files.readString(download.path(), StandardCharsets.UTF_8));
        assertThat(csv.getFirst()).containsExactly("model", "kind", "requests", "prompt_tokens", "completion_tokens",
                "reasoning_tokens", "cached_tokens", "paid", "target", "target_provider", "cost", "difference", "difference_percent");
        List<List<String>> fromTable = new ArrayList<>();
        for (Locator row : table.locator("tbody tr").all()) {
            // the targets in the report's order: the form sends the chosen options in the list's order (by id)
            for (String target : List.of(ANTHROPIC, GEMINI)) {
                Locator cost = row.locator("[data-target='" + target + "'] [data-cost]");
                Locator difference = row.locator("[data-target='" + target + "'] [data-difference]");
                fromTable.add(List.of(row.getAttribute("data-model"), row.locator("[data-paid]").getAttribute("data-paid"), target,
                        cost.count() == 0 ? "" : cost.getAttribute("data-cost"),
                        difference.count() == 0 ? "" : difference.getAttribute("data-difference")));
            }
        }
        List<List<String>> fromCsv = csv.subList(1, csv.size()).stream()
                .map(line -> List.of(line.get(0), line.get(7), line.get(8), line.get(10), line.get(11))).toList();
        assertThat(fromCsv).isEqualTo(fromTable);
        assertThat(csv).contains(List.of(ECHO, "chat", "2", "1333", "277", "0", "101", "0.002591375", GEMINI, "fake-gemini",
                "0.000730888", "-0.001860487", "-71.8"));

        // the JSON link gives the same report
        APIResponse json = page.request().get(platform.webUrl() + page.getByTestId("compare-json").getAttribute("href"));
        assertThat(json.status()).isEqualTo(200);
        JsonNode report = JSON.readTree(json.text());
        assertThat(report.path("token_counts").asText()).isEqualTo("source");
        assertThat(report.path("totals").path("paid").decimalValue()).isEqualByComparingTo("0.002685125");
    }

    @Test
    void another_person_reads_nothing_of_the_report_through_the_dashboard_or_billing(Platform platform, Persons persons) {
        Person ada = persons.open("ada").signUp("Ada", "Private");
        UUID adas = seedUsage(platform, ada);
        Person eve = persons.open("eve").signUp("Eve", "Curious");

        // billing itself: someone else's organization is its 404
        var direct = Http.bearer(eve.accessToken()).get(platform.billingUrl() + "/organizations/" + adas + "/reports/compare?target=" + GEMINI);
        assertThat(direct.statusCode()).isEqualTo(404);
        assertThat(direct.body()).contains("Organization not found").doesNotContain("0.002591375");

        // the dashboard acts for the organization accounts confirms: a forged organization cookie is Eve's own again
        eve.context().addCookies(List.of(new Cookie("sb_org", adas.toString()).setUrl(platform.webUrl())));
        Page page = eve.open("/compare?range=7d&target=" + GEMINI);
        assertThat(page.getByTestId("compare-empty").isVisible()).isTrue();
        assertThat(page.getByTestId("compare").count()).isZero();
        APIResponse csv = page.request().get(platform.webUrl() + "/compare.csv?range=7d&target=" + GEMINI);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(Csv.parse(csv.text())).hasSize(1); // the header: Eve used nothing
        // and the switcher does not offer Ada's organization
        var response = page.navigate(platform.webUrl() + "/compare");
        assertThat(response.status()).isEqualTo(200);
        assertThat(page.locator("#organization-switcher option[value='" + adas + "']").count()).isZero();
    }

    @Test
    void a_target_the_catalog_does_not_serve_and_dates_out_of_order_are_a_400_next_to_the_form(Platform platform, Persons persons) {
        Person ada = persons.open("ada").signUp("Ada", "Mistaken");
        Page page = ada.page();
        var unknown = page.navigate(platform.webUrl() + "/compare?range=30d&target=nobody%2Fnothing");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(page.getByTestId("compare-error").textContent()).contains("target: unknown model nobody/nothing");
        assertThat(page.getByLabel("Range").isVisible()).isTrue(); // the form is still there to fix it

        var reversed = page.navigate(platform.webUrl() + "/compare?range=custom&from=2026-01-10&to=2026-01-01");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(page.getByTestId("compare-error").textContent()).contains("to: must not be before from");

        var noDates = page.navigate(platform.webUrl() + "/compare?range=custom");
        assertThat(noDates.status()).isEqualTo(400);
        assertThat(page.getByTestId("compare-error").textContent()).contains("a custom range needs both dates");
        ada.screenshot("compare-error");
    }

    private static String cost(Locator row, String target) {
        return row.locator("[data-target='" + target + "'] [data-cost]").textContent();
    }

    private static String difference(Locator row, String target) {
        return row.locator("[data-target='" + target + "'] [data-difference]").textContent().strip().replaceAll("\\s+", " ");
    }
}
