package dev.switchboard.e2e.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Csv;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.e2e.platform.Platform;
import dev.switchboard.testkit.seed.Tenants;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The activity page and the overview against the running platform: a person signs up in the browser, generations
 * are seeded for their organization straight into the database (a few models, two keys, several days, one inside the
 * last 24 hours and one just outside), and every figure the pages show is checked against sums computed here from
 * the seeded rows, to the nano-dollar. Tenancy: another person's key and member ids are 404s; a stranger's CSV
 * request goes to the login, not to data.
 */
@E2eTest
class ActivityIT {

    static final String M1 = "acme/alpha";
    static final String M2 = "acme/beta-2";
    static final String M3 = "openai/gpt-test";
    /** A key name a spreadsheet would run as a formula: the CSV must defuse it. */
    static final String FORMULA_KEY = "=HYPERLINK(\"http://evil.test\",\"x\")";

    /** One seeded generation. */
    record Gen(Instant at, UUID key, String model, int prompt, int completion, long costNanos) {
        LocalDate day() {
            return at.atOffset(ZoneOffset.UTC).toLocalDate();
        }
    }

    /** Requests, tokens and cost of a group, summed here from the seeded rows. */
    record Sum(long requests, long prompt, long completion, long costNanos) {
        Sum plus(Gen g) {
            return new Sum(requests + 1, prompt + g.prompt(), completion + g.completion(), costNanos + g.costNanos());
        }
    }

    record Seeded(UUID org, UUID userId, Tenants.Key prod, Tenants.Key formula, Instant now, List<Gen> gens) {
        LocalDate today() {
            return now.atOffset(ZoneOffset.UTC).toLocalDate();
        }
    }

    @Test
    void spend_by_model_equals_the_seeded_sums_and_the_csv_equals_the_table(Platform platform, Persons persons) {
        Person ada = persons.open("ada");
        ada.signUp("Ada", "Activity");
        Seeded s = seed(platform, ada);

        Page page = ada.open("/activity?range=30d");
        Map<String, Sum> expected = sums(s.gens(), g -> !g.day().isBefore(s.today().minusDays(29)), Gen::model);
        assertThat(modelTable(page)).isEqualTo(table(expected));
        // dearest first
        assertThat(page.locator("[data-testid=spend-by-model] [data-testid=spend-row]").evaluateAll("rows => rows.map(r => r.dataset.model)"))
                .isEqualTo(expected.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().costNanos(), a.getValue().costNanos()))
                        .map(Map.Entry::getKey).toList());
        long total = s.gens().stream().mapToLong(Gen::costNanos).sum();
        assertThat(page.getByTestId("total-spend").innerText()).isEqualTo(usd(total));
        assertThat(page.getByTestId("total-requests").innerText()).isEqualTo(String.valueOf(s.gens().size()));
        assertThat(page.getByTestId("activity-chart").locator("svg[role=img]").count()).isEqualTo(1);
        ada.screenshot("activity-30d");

        // the CSV link carries the same filters, and the CSV has the table's rows with exact plain dollars
        String csvHref = page.getByTestId("activity-csv").getAttribute("href");
        assertThat(csvHref).isEqualTo("/activity.csv?range=30d&group_by=model&then_by=model");
        APIResponse csv = page.request().get(platform.webUrl() + csvHref);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().get("content-type")).startsWith("text/csv");
        assertThat(csv.headers().get("content-disposition")).contains("attachment").contains("-by-model.csv");
        List<List<String>> rows = csvRows(csv.text());
        assertThat(rows.getFirst()).containsExactly("model", "requests", "prompt_tokens", "completion_tokens", "reasoning_tokens",
                "cached_tokens", "cost_usd");
        Map<String, List<String>> fromCsv = new LinkedHashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            fromCsv.put(row.get(0), List.of(row.get(1), row.get(2), row.get(3), row.get(6)));
        }
        Map<String, List<String>> plain = new LinkedHashMap<>();
        expected.forEach((model, sum) -> plain.put(model, List.of(String.valueOf(sum.requests()), String.valueOf(sum.prompt()),
                String.valueOf(sum.completion()), plainUsd(sum.costNanos()))));
        assertThat(fromCsv).isEqualTo(plain);
        // same rows, same order as the table
        assertThat(new ArrayList<>(fromCsv.keySet())).isEqualTo(
                page.locator("[data-testid=spend-by-model] [data-testid=spend-row]").evaluateAll("rows => rows.map(r => r.dataset.model)"));

        // group by key, like a person: choose it and press Apply; the key table shows the names, the model table stays
        page.getByLabel("Group by", new Page.GetByLabelOptions().setExact(true)).selectOption("api_key");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        page.waitForURL(url -> url.contains("group_by=api_key"));
        Locator keyRows = page.locator("[data-testid=spend-by-api_key] [data-testid=spend-row]");
        Map<String, Sum> byKey = sums(s.gens(), g -> true, g -> g.key().toString());
        assertThat(keyRows.count()).isEqualTo(2);
        assertThat(page.locator("[data-testid=spend-by-api_key] [data-api-key='" + s.prod().id() + "'] [data-col=api_key]").innerText()).startsWith("Prod key");
        assertThat(page.locator("[data-testid=spend-by-api_key] [data-api-key='" + s.formula().id() + "'] [data-col=api_key]").innerText()).startsWith(FORMULA_KEY);
        assertThat(page.locator("[data-testid=spend-by-api_key] [data-api-key='" + s.prod().id() + "'] [data-col=cost]").innerText())
                .isEqualTo(usd(byKey.get(s.prod().id().toString()).costNanos()));
        assertThat(modelTable(page)).isEqualTo(table(expected));
        ada.screenshot("activity-by-key");

        // the key table's CSV: names as data, the formula defused with a leading apostrophe
        APIResponse keyCsv = page.request().get(platform.webUrl() + page.getByTestId("activity-csv").getAttribute("href"));
        List<List<String>> keyRowsCsv = csvRows(keyCsv.text());
        assertThat(keyRowsCsv.getFirst().subList(0, 3)).containsExactly("api_key_name", "api_key_prefix", "api_key_id");
        assertThat(keyRowsCsv.subList(1, keyRowsCsv.size())).extracting(r -> r.get(0)).containsExactlyInAnyOrder("Prod key", "'" + FORMULA_KEY);
        assertThat(keyRowsCsv.subList(1, keyRowsCsv.size())).extracting(r -> r.get(2) + " " + r.get(8)).containsExactlyInAnyOrder(
                s.prod().id() + " " + plainUsd(byKey.get(s.prod().id().toString()).costNanos()),
                s.formula().id() + " " + plainUsd(byKey.get(s.formula().id().toString()).costNanos()));

        // narrowed to one key by its link: the model table holds that key's usage only
        page.locator("[data-testid=spend-by-api_key] [data-api-key='" + s.prod().id() + "'] a.narrow").click();
        page.waitForURL(url -> url.contains("key=" + s.prod().id()));
        assertThat(page.getByTestId("activity-key-filter").innerText()).contains("Prod key");
        assertThat(modelTable(page)).isEqualTo(table(sums(s.gens(), g -> g.key().equals(s.prod().id()), Gen::model)));

        // narrowed to one model by its row's link (the models page links here the same way)
        page = ada.open("/activity?range=30d");
        page.locator("[data-testid=spend-by-model] [data-model='" + M3 + "'] a.narrow").click();
        page.waitForURL(url -> url.contains("model=openai%2Fgpt-test"));
        assertThat(page.getByTestId("activity-model-filter").innerText()).contains(M3);
        assertThat(modelTable(page)).isEqualTo(table(sums(s.gens(), g -> g.model().equals(M3), Gen::model)));
        assertThat(page.getByTestId("total-spend").innerText())
                .isEqualTo(usd(s.gens().stream().filter(g -> g.model().equals(M3)).mapToLong(Gen::costNanos).sum()));

        // a custom range: fill the dates, choose Custom, Apply; days outside it are left out
        LocalDate from = s.today().minusDays(5);
        LocalDate to = s.today().minusDays(2);
        page = ada.open("/activity");
        page.getByLabel("Range", new Page.GetByLabelOptions().setExact(true)).selectOption("custom");
        page.locator("input[name=from]").fill(from.toString());
        page.locator("input[name=to]").fill(to.toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        page.waitForURL(url -> url.contains("range=custom"));
        Map<String, Sum> custom = sums(s.gens(), g -> !g.day().isBefore(from) && !g.day().isAfter(to), Gen::model);
        assertThat(custom).isNotEmpty().doesNotContainKey(M2); // M2's days (today or yesterday, 10 days ago) are outside
        assertThat(modelTable(page)).isEqualTo(table(custom));
        assertThat(page.getByTestId("activity-range").innerText()).contains(from + " to " + to);
        ada.screenshot("activity-custom");

        // the last 24 hours are the last 24 hours: the generation of a minute ago and of two hours ago, not of 30 hours ago
        page = ada.open("/activity?range=24h");
        Map<String, Sum> day = sums(s.gens(), g -> g.at().isAfter(Instant.now().minus(Duration.ofHours(24))), Gen::model);
        assertThat(day.values().stream().mapToLong(Sum::requests).sum()).isEqualTo(2);
        assertThat(modelTable(page)).isEqualTo(table(day));
        assertThat(page.getByTestId("activity-chart").locator("svg g[data-bucket]").count()).isBetween(24, 25);
        ada.screenshot("activity-24h");
    }

    @Test
    void the_overview_shows_the_balance_todays_spend_and_the_top_models(Platform platform, Persons persons) {
        Person bea = persons.open("bea");
        bea.signUp("Bea", "Overview");
        Seeded s = seed(platform, bea);
        Page page = bea.open("/");
        assertThat(page.getByTestId("balance").innerText()).isEqualTo("$10.00");
        long today = s.gens().stream().filter(g -> g.day().equals(s.today())).mapToLong(Gen::costNanos).sum();
        long requestsToday = s.gens().stream().filter(g -> g.day().equals(s.today())).count();
        assertThat(page.getByTestId("spend-today").innerText()).isEqualTo(usd(today));
        assertThat(page.getByTestId("requests-today").innerText()).isEqualTo(String.valueOf(requestsToday));
        long month = s.gens().stream().filter(g -> !g.day().isBefore(s.today().withDayOfMonth(1))).mapToLong(Gen::costNanos).sum();
        assertThat(page.getByTestId("spend-month").innerText()).isEqualTo(usd(month));
        List<String> topModels = sums(s.gens(), g -> true, Gen::model).entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().costNanos(), a.getValue().costNanos())).map(Map.Entry::getKey).toList();
        assertThat(page.locator("[data-testid=top-models] tbody tr").evaluateAll("rows => rows.map(r => r.dataset.model)"))
                .isEqualTo(topModels);
        assertThat(page.getByTestId("top-keys").innerText()).contains("Prod key").contains(FORMULA_KEY);
        assertThat(page.getByTestId("spend-chart").locator("svg[role=img] g[data-bucket]").count()).isEqualTo(30);
        assertThat(page.locator("[data-testid=low-balance]").count()).isZero();
        bea.screenshot("overview");
    }

    @Test
    void another_organizations_keys_and_members_are_not_found_and_strangers_get_no_csv(Platform platform, Persons persons) {
        Person ada = persons.open("ada");
        ada.signUp("Ada", "Tenant");
        Seeded s = seed(platform, ada);
        Person eve = persons.open("eve");
        eve.signUp("Eve", "Other");

        for (String path : List.of("/activity?key=" + s.prod().id(), "/activity?range=7d&group_by=api_key&key=" + s.formula().id(),
                "/activity?member=" + s.userId(), "/activity.csv?key=" + s.prod().id(), "/activity.csv?member=" + s.userId(),
                "/activity?key=not-a-uuid")) {
            Response response = eve.page().navigate(platform.webUrl() + path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(eve.page().content()).as(path).doesNotContain(M1).doesNotContain("Prod key");
        }
        // Eve's own activity has none of Ada's usage
        Page page = eve.open("/activity?range=30d&group_by=api_key");
        assertThat(page.locator("[data-testid=spend-row]").count()).isZero();
        assertThat(page.getByTestId("total-spend").innerText()).isEqualTo("$0.00");
        eve.screenshot("activity-other-organization");

        // no login: the CSV is a redirect to Keycloak's login, not data
        HttpResponse<String> stranger = Http.anonymous().get(platform.webUrl() + "/activity.csv?range=30d");
        assertThat(stranger.statusCode()).isEqualTo(302);
        assertThat(stranger.headers().firstValue("Location").orElseThrow()).startsWith(platform.realmUrl());
        assertThat(stranger.body()).doesNotContain(M1).doesNotContain("cost_usd");
    }

    @Test
    void bad_filters_are_refused_next_to_the_form(Platform platform, Persons persons) {
        Person cy = persons.open("cy");
        cy.signUp("Cy", "Filters");
        for (String query : List.of("range=custom&from=2026-02-30&to=2026-03-02", "range=custom&from=" + LocalDate.now(ZoneOffset.UTC),
                "range=custom&from=2026-03-05&to=2026-03-01", "range=90d", "group_by=day", "then_by=colour",
                "range=custom&from=2020-01-01&to=2022-01-01")) {
            Response response = cy.page().navigate(platform.webUrl() + "/activity?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            Locator error = cy.page().getByTestId("activity-error");
            assertThat(error.getAttribute("role")).isEqualTo("alert");
            assertThat(error.innerText()).as(query).isNotBlank();
            // the form is still there to correct it, and nothing else is shown
            assertThat(cy.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).count()).isEqualTo(1);
            assertThat(cy.page().locator("[data-testid=spend-by-model]").count()).isZero();
        }
        cy.screenshot("activity-bad-filter");
        assertThat(cy.page().navigate(platform.webUrl() + "/activity.csv?range=custom&from=nope&to=2026-01-01").status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Two keys and seven generations over 20 days for the person's organization, and $10 of credit. */
    static Seeded seed(Platform platform, Person person) {
        JsonNode me = Http.bearer(person.accessToken()).getJson(platform.accountsUrl() + "/me");
        UUID org = UUID.fromString(me.path("current_organization").path("id").asText());
        UUID user = UUID.fromString(me.path("user").path("id").asText());
        Tenants t = new Tenants(platform.database()::connect);
        Tenants.Key prod = t.key(org, user, "Prod key", false);
        Tenants.Key formula = t.key(org, user, FORMULA_KEY, false);
        t.credit(org, 10_000_000_000L);
        Instant now = Instant.now();
        List<Gen> gens = List.of(
                new Gen(now.minus(Duration.ofMinutes(1)), prod.id(), M1, 100, 20, 1_234_567),
                new Gen(now.minus(Duration.ofHours(2)), formula.id(), M2, 50, 5, 3_000_000_001L),
                new Gen(now.minus(Duration.ofHours(30)), prod.id(), M1, 10, 1, 7),
                new Gen(now.minus(Duration.ofDays(3)), prod.id(), M3, 1000, 300, 250_000_000),
                new Gen(now.minus(Duration.ofDays(3)), formula.id(), M1, 1, 1, 999_999_999),
                new Gen(now.minus(Duration.ofDays(10)), formula.id(), M2, 7, 7, 1),
                new Gen(now.minus(Duration.ofDays(20)), prod.id(), M3, 2, 2, 5_000_000_000L));
        for (Gen g : gens) {
            t.generation(org, g.key(), g.model(), "fake", g.at(), g.prompt(), g.completion(), 0, 0, g.costNanos());
        }
        return new Seeded(org, user, prod, formula, now, gens);
    }

    static Map<String, Sum> sums(List<Gen> gens, Predicate<Gen> in, java.util.function.Function<Gen, String> by) {
        Map<String, Sum> sums = new LinkedHashMap<>();
        gens.stream().filter(in).forEach(g -> sums.merge(by.apply(g), new Sum(0, 0, 0, 0).plus(g),
                (a, b) -> new Sum(a.requests() + b.requests(), a.prompt() + b.prompt(), a.completion() + b.completion(),
                        a.costNanos() + b.costNanos())));
        return sums;
    }

    /** The spend-by-model table as model → [requests, prompt, completion, cost] as shown. */
    static Map<String, List<String>> modelTable(Page page) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        Locator rows = page.locator("[data-testid=spend-by-model] [data-testid=spend-row]");
        for (int i = 0; i < rows.count(); i++) {
            Locator row = rows.nth(i);
            table.put(row.getAttribute("data-model"), List.of(row.locator("[data-col=requests]").innerText(),
                    row.locator("[data-col=prompt_tokens]").innerText(), row.locator("[data-col=completion_tokens]").innerText(),
                    row.locator("[data-col=cost]").innerText()));
        }
        return table;
    }

    static Map<String, List<String>> table(Map<String, Sum> sums) {
        return sums.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(count(e.getValue().requests()),
                count(e.getValue().prompt()), count(e.getValue().completion()), usd(e.getValue().costNanos()))));
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Dollars as the dashboard shows them, worked out independently: cents at least, every further digit there is. */
    static String usd(long nanos) {
        BigDecimal exact = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        if (exact.scale() < 2) {
            exact = exact.setScale(2);
        }
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setMinimumFractionDigits(exact.scale());
        format.setMaximumFractionDigits(exact.scale());
        return "$" + format.format(exact);
    }

    static String plainUsd(long nanos) {
        BigDecimal exact = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return (exact.scale() < 0 ? exact.setScale(0) : exact).toPlainString();
    }

    /** The rows of a CSV the dashboard serves, which ends every row with CRLF, the last one too. */
    static List<List<String>> csvRows(String text) {
        assertThat(text).endsWith("\r\n");
        return Csv.parse(text);
    }
}
