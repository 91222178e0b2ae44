package dev.switchboard.e2e.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.switchboard.e2e.E2eTest;
import dev.switchboard.e2e.browser.Person;
import dev.switchboard.e2e.browser.Persons;
import dev.switchboard.e2e.http.Http;
import dev.switchboard.testkit.seed.Tenants;
import dev.switchboard.e2e.platform.Platform;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * /logs end to end: a person's real requests through the gateway (the fake provider's echo models, a stream, and
 * one the provider fails) appear newest first with exactly the costs the gateway reports for them; the detail view,
 * the model and status filters, the histogram, keyset pages, input errors, and another person's ids answering 404.
 */
@E2eTest
class LogsIT {

    private static final long TEN_DOLLARS = 10_000_000_000L;

    /** A person with credit and an API key made through accounts' API with their token. */
    record Account(Person person, UUID organization, UUID keyId, String key) {
    }

    private static Account account(Platform platform, Persons persons, String name) {
        Person person = persons.open(name).signUp(name, "Logs");
        Http api = Http.bearer(person.accessToken());
        UUID organization = UUID.fromString(api.getJson(platform.accountsUrl() + "/me").path("current_organization").path("id").asText());
        JsonNode key = api.postJson(platform.accountsUrl() + "/organizations/" + organization + "/keys", Map.of("name", "logs-it"), 201);
        new Tenants(platform.database()::connect).credit(organization, TEN_DOLLARS);
        return new Account(person, organization, UUID.fromString(key.path("id").asText()), key.path("key").asText());
    }

    /** A chat request through the gateway; returns the generation id (the body's id, or the header of a stream). */
    private static String chat(Platform platform, String key, String model, String text, boolean stream, int status) {
        String body = """
                {"model": "%s", "stream": %s, "messages": [{"role": "user", "content": "%s"}]}""".formatted(model, stream, text);
        HttpResponse<String> response = Http.anonymous().send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("X-Title", "Logs IT").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        Http.expect(response, status);
        return response.headers().firstValue("X-Generation-Id").orElseGet(() -> Http.json(response).path("id").asText(null));
    }

    private static void awaitGenerations(Platform platform, UUID organization, long count) throws InterruptedException {
        Tenants db = new Tenants(platform.database()::connect);
        Instant deadline = Instant.now().plusSeconds(20);
        while (db.generationCount(organization) < count) {
            assertThat(Instant.now()).as("generations written by the gateway's metering").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static List<String> rowIds(Page page) {
        return page.locator("[data-testid=generation-row]").all().stream().map(r -> r.getAttribute("data-generation-id")).toList();
    }

    private static BigDecimal dollars(String text) {
        assertThat(text).startsWith("$");
        return new BigDecimal(text.substring(1).replace(",", ""));
    }

    @Test
    void a_persons_requests_are_listed_newest_first_with_the_gateways_costs(Platform platform, Persons persons) throws Exception {
        Account ann = account(platform, persons, "Ann");
        String first = chat(platform, ann.key(), "switchboard/echo", "hello [[words:12]]", false, 200);
        String streamed = chat(platform, ann.key(), "switchboard/echo", "a stream", true, 200);
        String anthropic = chat(platform, ann.key(), "switchboard/echo-anthropic", "hello anthropic [[words:40]]", false, 200);
        chat(platform, ann.key(), "switchboard/echo", "please fail [[error:503]]", false, 502);
        awaitGenerations(platform, ann.organization(), 4);
        Tenants db = new Tenants(platform.database()::connect);
        String failed = db.text("SELECT id FROM generations WHERE organization_id = ? AND status >= 400", ann.organization());
        assertThat(failed).isNotNull();

        Page page = ann.person().page();
        page.navigate(platform.webUrl() + "/logs");
        assertThat(page.locator("[data-testid=generations]").isVisible()).isTrue();
        assertThat(rowIds(page)).containsExactly(failed, anthropic, streamed, first);
        ann.person().screenshot("logs-list");

        // every successful row costs exactly what the gateway's generation API says
        Http withKey = Http.bearer(ann.key());
        for (String id : List.of(first, streamed, anthropic)) {
            JsonNode generation = withKey.getJson(platform.gatewayUrl() + "/api/v1/generation?id=" + id).path("data");
            Locator row = page.locator("[data-generation-id='" + id + "']");
            assertThat(dollars(row.locator("[data-testid=cost]").innerText()))
                    .as(id).isEqualByComparingTo(generation.path("total_cost").decimalValue()).isPositive();
            assertThat(row.locator("[data-testid=model]").innerText()).isEqualTo(generation.path("model").asText());
            assertThat(row.innerText()).contains("logs-it");
        }
        assertThat(page.locator("[data-generation-id='" + streamed + "']").innerText()).contains("streamed");
        assertThat(page.locator("[data-generation-id='" + failed + "'] [data-testid=status]").innerText()).contains("502");
        assertThat(page.locator("[data-generation-id='" + first + "'] [data-testid=status]").innerText()).contains("200")
                .doesNotContain("streamed");

        // the histogram of the last 24 hours counts them, split by outcome
        Locator histogram = page.locator("[data-testid=histogram]");
        assertThat(histogram.getAttribute("data-requests")).isEqualTo("4");
        assertThat(histogram.getAttribute("data-errors")).isEqualTo("1");
        assertThat(page.locator("svg[data-testid=request-histogram] rect").count()).isGreaterThanOrEqualTo(2);

        // the detail view of the anthropic request
        page.locator("[data-generation-id='" + anthropic + "'] [data-testid=generation-link]").click();
        page.waitForURL(platform.webUrl() + "/logs/" + anthropic);
        JsonNode generation = withKey.getJson(platform.gatewayUrl() + "/api/v1/generation?id=" + anthropic).path("data");
        Locator detail = page.locator("[data-testid=generation-detail]");
        assertThat(detail.getAttribute("data-generation-id")).isEqualTo(anthropic);
        assertThat(detail.locator("[data-testid=model]").innerText()).isEqualTo("switchboard/echo-anthropic");
        assertThat(detail.locator("[data-testid=provider]").innerText()).contains("fake-anthropic");
        assertThat(dollars(detail.locator("[data-testid=cost]").innerText())).isEqualByComparingTo(generation.path("total_cost").decimalValue());
        assertThat(detail.locator("[data-testid=tokens-prompt]").innerText()).isEqualTo(generation.path("tokens_prompt").asText());
        assertThat(detail.locator("[data-testid=tokens-completion]").innerText()).isEqualTo(generation.path("tokens_completion").asText());
        assertThat(detail.locator("[data-testid=finish-reason]").innerText()).isEqualTo(generation.path("finish_reason").asText());
        assertThat(detail.locator("[data-testid=streamed]").innerText()).isEqualTo("no");
        assertThat(detail.locator("[data-testid=latency]").innerText().replace(",", "")).isEqualTo(generation.path("latency").asText() + " ms");
        assertThat(detail.locator("[data-testid=app]").innerText()).isEqualTo("Logs IT");
        assertThat(detail.locator("[data-testid=attempt]").count()).isEqualTo(1);
        assertThat(detail.locator("[data-testid=attempt-status]").innerText()).isEqualTo("200");
        assertThat(detail.locator("[data-testid=throughput]").innerText()).matches("[0-9,]+\\.[0-9] tokens/s|—");
        ann.person().screenshot("logs-detail");

        // the failed one: the provider's 503 in its attempt, the gateway's error
        page.navigate(platform.webUrl() + "/logs/" + failed);
        assertThat(page.locator("[data-testid=attempt-status]").innerText()).isEqualTo("503");
        assertThat(page.locator("[data-testid=error]").isVisible()).isTrue();
        assertThat(dollars(page.locator("[data-testid=cost]").innerText())).isZero();

        // filter by model with the form: the URL carries it, and only that model's rows are left
        page.navigate(platform.webUrl() + "/logs");
        page.getByLabel("Model", new Page.GetByLabelOptions().setExact(true)).fill("switchboard/echo-anthropic");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        page.waitForURL(url -> url.contains("model=switchboard%2Fecho-anthropic"));
        assertThat(rowIds(page)).containsExactly(anthropic);
        assertThat(page.locator("[data-testid=histogram]").getAttribute("data-requests")).isEqualTo("1");
        ann.person().screenshot("logs-filtered-by-model");

        // by status, with the key select: the error alone
        page.navigate(platform.webUrl() + "/logs");
        page.getByLabel("Status", new Page.GetByLabelOptions().setExact(true)).selectOption("error");
        page.getByLabel("Key", new Page.GetByLabelOptions().setExact(true)).selectOption(ann.keyId().toString());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        page.waitForURL(url -> url.contains("status=error"));
        assertThat(rowIds(page)).containsExactly(failed);
        page.navigate(platform.webUrl() + "/logs?status=502");
        assertThat(rowIds(page)).containsExactly(failed);
        assertThat(page.locator("[data-testid=histogram]").getAttribute("data-errors")).isEqualTo("1");
        assertThat(page.locator("[data-testid=histogram]").getAttribute("data-requests")).isEqualTo("1");
        page.navigate(platform.webUrl() + "/logs?status=503");
        assertThat(page.locator("[data-testid=no-generations]").isVisible()).isTrue();
        page.navigate(platform.webUrl() + "/logs?status=success&provider=fake");
        assertThat(rowIds(page)).containsExactly(streamed, first);
        page.navigate(platform.webUrl() + "/logs?model=no%2Fsuch");
        assertThat(page.locator("[data-testid=no-generations]").isVisible()).isTrue();
    }

    @Test
    void older_pages_follow_by_keyset_without_gaps_or_repeats(Platform platform, Persons persons) {
        Account bea = account(platform, persons, "Bea");
        Tenants db = new Tenants(platform.database()::connect);
        List<String> seeded = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 57; i++) {
            // three rows per second, so a page boundary can fall between rows of one second
            seeded.add(db.generation(bea.organization(), bea.keyId(), "switchboard/echo", "fake", now.minusSeconds(i / 3 + 1),
                    10, 20, 0, 0, 1_000 + i));
        }
        Page page = bea.person().page();
        page.navigate(platform.webUrl() + "/logs");
        List<String> firstPage = rowIds(page);
        assertThat(firstPage).hasSize(50);
        assertThat(page.locator("[data-testid=newest]").count()).isZero();
        page.locator("[data-testid=older]").click();
        page.waitForURL(url -> url.contains("before="));
        List<String> secondPage = rowIds(page);
        assertThat(secondPage).hasSize(7);
        assertThat(page.locator("[data-testid=older]").count()).isZero();
        List<String> all = new ArrayList<>(firstPage);
        all.addAll(secondPage);
        assertThat(new HashSet<>(all)).containsExactlyInAnyOrderElementsOf(seeded);
        assertThat(all).hasSize(57);
        bea.person().screenshot("logs-older-page");
        page.locator("[data-testid=newest]").click();
        page.waitForURL(platform.webUrl() + "/logs");
        assertThat(rowIds(page)).isEqualTo(firstPage);
    }

    @Test
    void bad_filters_are_refused_with_reasons_and_foreign_or_made_up_ids_are_404(Platform platform, Persons persons) throws Exception {
        Account cai = account(platform, persons, "Cai");
        String mine = chat(platform, cai.key(), "switchboard/echo", "mine", false, 200);
        awaitGenerations(platform, cai.organization(), 1);
        Account dan = account(platform, persons, "Dan");
        Page page = dan.person().page();

        // Dan cannot open Cai's generation, nor filter by Cai's key
        Response response = page.navigate(platform.webUrl() + "/logs/" + mine);
        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("[data-testid=error-message]").innerText()).isEqualTo("Generation not found");
        assertThat(page.content()).doesNotContain("switchboard/echo");
        assertThat(page.navigate(platform.webUrl() + "/logs?key=" + cai.keyId()).status()).isEqualTo(404);
        assertThat(page.navigate(platform.webUrl() + "/logs?key=not-a-key").status()).isEqualTo(404);
        // made-up and malformed ids
        for (String id : List.of("gen-1700000000-AAAAAAAAAAAAAAAAAAAA", "gen-123", "nothing", "gen-99999999999999-x")) {
            assertThat(page.navigate(platform.webUrl() + "/logs/" + id).status()).as(id).isEqualTo(404);
        }
        // Dan's own log is empty; Cai's still has its row
        page.navigate(platform.webUrl() + "/logs");
        assertThat(page.locator("[data-testid=no-generations]").isVisible()).isTrue();
        assertThat(cai.person().page().navigate(platform.webUrl() + "/logs/" + mine).status()).isEqualTo(200);

        // input errors: a 400 page that names each problem and keeps the form
        response = page.navigate(platform.webUrl() + "/logs?status=teapot&from=2026-13-01&to=2026-01-01");
        assertThat(response.status()).isEqualTo(400);
        String errors = page.locator("[data-testid=filter-errors]").innerText();
        assertThat(errors).contains("Status must be success, error or an HTTP error status from 400 to 599.")
                .contains("From must be a date written YYYY-MM-DD.");
        assertThat(page.locator("[data-testid=generations]").count()).isZero();
        assertThat(page.getByLabel("Model", new Page.GetByLabelOptions().setExact(true)).isVisible()).isTrue();
        assertThat(page.navigate(platform.webUrl() + "/logs?from=2026-02-01&to=2026-01-01").status()).isEqualTo(400);
        assertThat(page.locator("[data-testid=filter-errors]").innerText()).contains("From must be on or before To.");
        assertThat(page.navigate(platform.webUrl() + "/logs?before=garbage").status()).isEqualTo(400);
        dan.person().screenshot("logs-input-errors");
    }
}
